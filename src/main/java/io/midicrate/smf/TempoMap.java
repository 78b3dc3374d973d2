package io.midicrate.smf;

/**
 * The file's tempo map: tempo events from every track merged by tick (real files put them anywhere), with the
 * seconds elapsed at each change precomputed so any tick converts to seconds in O(log changes).
 * Before the first tempo event the SMF default of 500,000 µs per quarter (120 BPM) applies.
 * With an SMPTE division, ticks are absolute time and tempo events do not change seconds.
 */
public final class TempoMap {
    public static final int DEFAULT_US_PER_QUARTER = 500_000;

    private final long[] ticks;          // segment starts; ticks[0] == 0
    private final int[] usPerQuarter;    // tempo of each segment
    private final double[] secondsAt;    // seconds elapsed at each segment start
    private final double[] secondsPerTick; // of each segment: a multiplication per conversion, not a division
    private final int declaredCount;     // tempo events the file holds
    private final int ticksPerQuarter;
    private final double smpteSecondsPerTick; // > 0 for SMPTE divisions

    /**
     * @param eventTicks  tempo event ticks, sorted ascending (ties in file order: the later one wins)
     * @param eventTempi  µs per quarter for each event
     */
    TempoMap(long[] eventTicks, int[] eventTempi, int count, int ticksPerQuarter, double smpteSecondsPerTick) {
        boolean implicitStart = count == 0 || eventTicks[0] > 0;
        int n = count + (implicitStart ? 1 : 0);
        this.ticks = new long[n];
        this.usPerQuarter = new int[n];
        this.secondsAt = new double[n];
        this.secondsPerTick = new double[n];
        int j = 0;
        if (implicitStart) {
            ticks[0] = 0;
            usPerQuarter[0] = DEFAULT_US_PER_QUARTER;
            j = 1;
        }
        for (int i = 0; i < count; i++, j++) {
            ticks[j] = eventTicks[i];
            usPerQuarter[j] = eventTempi[i];
        }
        this.declaredCount = count;
        this.ticksPerQuarter = ticksPerQuarter;
        this.smpteSecondsPerTick = smpteSecondsPerTick;
        for (int i = 0; i < n; i++) {
            secondsPerTick[i] = usPerQuarter[i] / (1e6 * ticksPerQuarter);
        }
        for (int i = 1; i < n; i++) {
            secondsAt[i] = secondsAt[i - 1] + (ticks[i] - ticks[i - 1]) * secondsPerTick[i - 1];
        }
    }

    /** Seconds from the start to {@code tick}, through the whole tempo map. */
    public double seconds(long tick) {
        if (smpteSecondsPerTick > 0) {
            return tick * smpteSecondsPerTick;
        }
        int i = segmentAt(tick);
        return secondsAt[i] + (tick - ticks[i]) * secondsPerTick[i];
    }

    /**
     * {@link #seconds(long)} of every start and end, same arithmetic, without a search per note: starts are sorted,
     * so their segment only moves forward, and an end (never before its start) is looked for from its start's segment.
     */
    void fillSeconds(long[] start, long[] end, double[] startSec, double[] endSec, int n) {
        if (smpteSecondsPerTick > 0) {
            double spt = smpteSecondsPerTick;
            for (int i = 0; i < n; i++) {
                startSec[i] = start[i] * spt;
                endSec[i] = end[i] * spt;
            }
            return;
        }
        int segs = ticks.length;
        if (segs == 1) {
            double spt = secondsPerTick[0]; // the only segment starts at tick 0 with 0 seconds
            for (int i = 0; i < n; i++) {
                startSec[i] = start[i] * spt;
                endSec[i] = end[i] * spt;
            }
            return;
        }
        int seg = 0;
        for (int i = 0; i < n; i++) {
            long s = start[i];
            while (seg + 1 < segs && ticks[seg + 1] <= s) {
                seg++;
            }
            startSec[i] = secondsAt[seg] + (s - ticks[seg]) * secondsPerTick[seg];
            long e = end[i];
            int es;
            if (e < s) {
                es = segmentAt(e);
            } else {
                es = seg;
                int steps = 0;
                while (es + 1 < segs && ticks[es + 1] <= e && ++steps < 16) {
                    es++;
                }
                if (steps >= 16) {
                    es = segmentAt(e);
                }
            }
            endSec[i] = secondsAt[es] + (e - ticks[es]) * secondsPerTick[es];
        }
    }

    /** Index of the segment in force at {@code tick}: the last one starting at or before it. */
    public int segmentAt(long tick) {
        int lo = 0;
        int hi = ticks.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (ticks[mid] <= tick) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Whether the file declares any tempo (otherwise everything runs at the 120 BPM default). */
    public boolean declared() {
        return declaredCount > 0;
    }

    /** Tempo events the file holds (from all tracks). */
    public int declaredCount() {
        return declaredCount;
    }

    /** Segments in the map, including an implicit 120 BPM one at tick 0 when the first event comes later. */
    public int segments() {
        return ticks.length;
    }

    public long segmentTick(int i) {
        return ticks[i];
    }

    public int segmentUsPerQuarter(int i) {
        return usPerQuarter[i];
    }

    public double segmentBpm(int i) {
        return 60_000_000.0 / usPerQuarter[i];
    }

    public double segmentSeconds(int i) {
        return secondsAt[i];
    }

    public int ticksPerQuarter() {
        return ticksPerQuarter;
    }

    public boolean smpte() {
        return smpteSecondsPerTick > 0;
    }
}
