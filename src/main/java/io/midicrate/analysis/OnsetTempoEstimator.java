package io.midicrate.analysis;

import io.midicrate.smf.NoteTable;
import org.jtransforms.fft.DoubleFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * Estimates the tempo (quarter notes per minute, as MIDI counts it) from note onsets in seconds, so it hears what a
 * listener would, whatever tempo events the file holds, and never reads them: an onset envelope at 100 frames per
 * second, its autocorrelation computed by FFT (JTransforms), and a choice of period over 40-240 BPM.
 *
 * <p>The shipped choice (version 3) uses the time signature, which says which metrical levels exist without saying how
 * fast they go: each candidate quarter-note period is scored by the autocorrelation at its eighth, its counted beat
 * (the dotted quarter in 6/8, 9/8 and 12/8, where the quarter is no level), its half note and its bar, weighted by
 * {@link #METER_WEIGHTS}. A dotted-quarter period that a syncopated 4/4 makes strong no longer wins, because it is no
 * level of 4/4. The tick grid itself cannot be used: the ticks and the seconds together are the tempo map.
 *
 * <p>Version-2 octave handling ({@link #version2()}): a pulse at period P is also periodic at 2P, 3P, ..., so the autocorrelation is as high at those
 * lags as at P; the strongest lag is therefore walked down to the fastest sub-multiple (1/2, 1/3, 1/4) whose
 * autocorrelation is still at least {@link #SUBMULTIPLE_RATIO} of the strongest. Accented beats keep the beat level
 * from collapsing to the eighth-note level.
 *
 * <p>Not thread-safe: holds FFT plans and buffers; one per thread.
 */
public final class OnsetTempoEstimator {

    /** A tempo estimate; {@code bpm} is NaN (and confidence 0) when there are too few onsets to say. */
    public record Estimate(double bpm, double confidence) {
        public static final Estimate NONE = new Estimate(Double.NaN, 0);

        public boolean present() {
            return !Double.isNaN(bpm);
        }
    }

    public static final double FRAMES_PER_SECOND = 100;
    public static final double MIN_BPM = 40;
    public static final double MAX_BPM = 240;
    /** Version 2: a sub-multiple lag this strong relative to the best is preferred (see class comment); tuned on the corpus. */
    static final double SUBMULTIPLE_RATIO = 0.8;
    /**
     * Version 2: a log-Gaussian tempo prior weights the autocorrelation before peak picking (as in Ellis 2007), so that
     * of two equally periodic octave levels the one nearer a common beat rate wins. Tuned on the corpus.
     */
    static final double PRIOR_CENTRE_BPM = 120;
    static final double PRIOR_OCTAVES = 1.0;
    private static final int MIN_LAG = (int) Math.floor(60 * FRAMES_PER_SECOND / MAX_BPM);   // 25
    private static final int MAX_LAG = (int) Math.ceil(60 * FRAMES_PER_SECOND / MIN_BPM);    // 150
    /**
     * The envelope analysed is at most this long (frames): the most that fits a 2,048-point transform with room for
     * lags up to 2 * MAX_LAG, so longer pieces use their first 17.5 s of onsets. On the corpus this scores as well as
     * the first minute did (an 8,192-point transform, about four times the cost): 4 of 143 estimates moved by more than
     * 4%, mostly by an octave, and the accuracy figures held or rose; see docs/core-benchmarks.md.
     */
    static final int MAX_FRAMES = 2048 - 2 * MAX_LAG - 2;
    private static final int MIN_ONSETS = 8;

    static {
        // the 2-thread mode of JTransforms is slower on this size of transform, and we run one analyser per core
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final DoubleFFT_1D[] plans = new DoubleFFT_1D[16];
    private final double submultipleRatio;
    private final boolean compress;
    private final double priorCentreBpm;
    private final double priorOctaves;
    private final double[] prior = new double[MAX_LAG + 2];

    /**
     * Weights of the eighth, the counted beat, the half note and the bar in the meter-aware choice (see
     * {@link #levels}); with the prior below, chosen on the evaluation set's development part (docs/accuracy.md).
     */
    static final double[] METER_WEIGHTS = {0.5, 1, 0.5, 0};
    /**
     * The meter-aware choice keeps a weak log-Gaussian prior (1 octave wide), centred where the development part put
     * it: at 150 quarter notes per minute, not at 120. It only decides between levels the meter scores alike.
     */
    static final double METER_PRIOR_CENTRE_BPM = 150;
    static final double METER_PRIOR_OCTAVES = 1.0;

    private double[] meterWeights;
    /** Fastest quarter-note rate the meter-aware choice considers (cut time is often notated at 240-300). */
    private double meterMaxBpm = MAX_BPM;
    /** Prior on the quarter's length in tatums (log2 centre, width in octaves); a NaN centre means none. */
    private double tatumCentre = Double.NaN;
    private double tatumOctaves = 1;

    /** The shipped estimator: the meter-aware choice of the quarter-note period. */
    public OnsetTempoEstimator() {
        this(METER_WEIGHTS, METER_PRIOR_CENTRE_BPM, METER_PRIOR_OCTAVES);
    }

    /** The version-2 estimator (strongest lag under a prior centred on 120, then its strongest sub-multiple). */
    public static OnsetTempoEstimator version2() {
        return new OnsetTempoEstimator(SUBMULTIPLE_RATIO, true, PRIOR_CENTRE_BPM, PRIOR_OCTAVES);
    }

    /** For tuning: the meter-level weights (eighth, beat, half, bar) and the prior; see {@link #levels}. */
    OnsetTempoEstimator(double[] meterWeights, double priorCentreBpm, double priorOctaves) {
        this(SUBMULTIPLE_RATIO, true, priorCentreBpm, priorOctaves);
        this.meterWeights = meterWeights;
    }

    /**
     * For tuning and the accuracy report: as above, plus the fastest quarter-note rate considered and a prior on the
     * quarter's length in tatums (see {@link #tatum}): centre (log2 of tatums per quarter) and width (octaves).
     */
    OnsetTempoEstimator(double[] meterWeights, double priorCentreBpm, double priorOctaves, double maxBpm,
                        double tatumCentre, double tatumOctaves) {
        this(meterWeights, priorCentreBpm, priorOctaves);
        this.meterMaxBpm = maxBpm;
        this.tatumCentre = tatumCentre;
        this.tatumOctaves = tatumOctaves;
    }

    /** For tuning: sub-multiple ratio, log compression of frame strengths, tempo prior (centre, width in octaves). */
    OnsetTempoEstimator(double submultipleRatio, boolean compress, double priorCentreBpm, double priorOctaves) {
        this.submultipleRatio = submultipleRatio;
        this.compress = compress;
        this.priorCentreBpm = priorCentreBpm;
        this.priorOctaves = priorOctaves;
        for (int lag = 1; lag < prior.length; lag++) {
            double octaves = Math.log(60 * FRAMES_PER_SECOND / lag / priorCentreBpm) / Math.log(2);
            prior[lag] = Math.exp(-0.5 * (octaves / priorOctaves) * (octaves / priorOctaves));
        }
    }
    private double[] buffer = new double[1024];
    private final double[] acf = new double[MAX_LAG * 4 + 8];

    /** The estimate for 4/4 (or no time signature). */
    public Estimate estimate(NoteTable notes) {
        return estimate(notes, 0, 0);
    }

    /**
     * The estimate given the meter a time signature declares ({@code numerator}/{@code denominator}; 0/0 for none, read
     * as 4/4). With {@link #meterWeights} set, the quarter-note period is the lag whose metrical levels under that meter
     * (see {@link #levels}) carry the most autocorrelation; otherwise as {@link #estimate(NoteTable)}.
     */
    public Estimate estimate(NoteTable notes, int numerator, int denominator) {
        int n = notes.count();
        if (n < MIN_ONSETS) {
            return Estimate.NONE;
        }
        double[] starts = notes.startSeconds();
        double t0 = starts[0];
        double span = starts[n - 1] - t0;
        int frames = (int) Math.min(MAX_FRAMES, Math.floor(span * FRAMES_PER_SECOND) + 2);
        if (frames < MAX_LAG * 2) {
            return Estimate.NONE; // less than 3 s of onsets: no tempo worth stating
        }
        int size = Integer.highestOneBit(frames + 2 * MAX_LAG + 2 - 1) << 1; // room for lags up to 2*MAX_LAG without wrap
        int log2 = Integer.numberOfTrailingZeros(size);
        if (buffer.length < size) {
            buffer = new double[size];
        }
        double[] e = buffer;
        java.util.Arrays.fill(e, 0, size, 0);
        int[] info = notes.info();
        int onsets = 0;
        for (int i = 0; i < n; i++) {
            double pos = (starts[i] - t0) * FRAMES_PER_SECOND;
            int f = (int) pos;
            if (f + 1 >= frames) {
                break;
            }
            double frac = pos - f;
            double w = NoteTable.velocityOf(info[i]) / 127.0;
            // split each onset between its two nearest frames so off-grid periods do not smear the autocorrelation
            e[f] += w * (1 - frac);
            e[f + 1] += w * frac;
            onsets++;
        }
        if (onsets < MIN_ONSETS) {
            return Estimate.NONE;
        }
        if (compress) {
            // log compression: a big chord should mark a beat, not outweigh the beats around it
            for (int i = 0; i < frames; i++) {
                if (e[i] != 0) { // most frames hold no onset, and log(1 + 0) is 0
                    e[i] = Math.log(1 + e[i]); // the JIT's log intrinsic; log1p's extra precision near 0 is not needed here
                }
            }
        }
        double mean = 0;
        for (int i = 0; i < frames; i++) {
            mean += e[i];
        }
        mean /= frames;
        for (int i = 0; i < frames; i++) {
            e[i] -= mean;
        }
        DoubleFFT_1D fft = plans[log2];
        if (fft == null) {
            fft = plans[log2] = new DoubleFFT_1D(size);
        }
        fft.realForward(e);
        // power spectrum in JTransforms' packed layout: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...]
        e[0] = e[0] * e[0];
        e[1] = e[1] * e[1];
        for (int k = 2; k < size; k += 2) {
            e[k] = e[k] * e[k] + e[k + 1] * e[k + 1];
            e[k + 1] = 0;
        }
        // unscaled: the 1/size scaling (a power of two, so exact) cancels in the ratios below, bit for bit
        fft.realInverse(e, false);
        double zero = e[0] / frames;
        if (!(zero > 0)) {
            return Estimate.NONE;
        }
        int top = Math.min(2 * MAX_LAG + 2, frames - 1);
        // unbiased, normalised to 1 at lag 0, lightly smoothed against timing jitter
        for (int lag = 1; lag <= top; lag++) {
            acf[lag] = e[lag] / (frames - lag) / zero;
        }
        acf[0] = 1;
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
            double v = smoothed(lag, top) * prior[lag];
            if (v > bestValue) {
                bestValue = v;
                best = lag;
            }
        }
        if (best < 0 || !(bestValue > 0)) {
            return new Estimate(Double.NaN, 0);
        }
        if (meterWeights != null) {
            return meterEstimate(numerator, denominator, top, Double.isNaN(tatumCentre) ? Double.NaN : tatum(starts, n));
        }
        // octave handling: prefer the fastest strong sub-multiple of the best lag
        int chosen = best;
        for (int div = 4; div >= 2; div--) {
            int centre = Math.round(best / (float) div);
            if (centre < MIN_LAG) {
                continue;
            }
            int peak = localPeak(centre, top);
            if (peak >= MIN_LAG && smoothed(peak, top) * prior[peak] >= submultipleRatio * bestValue) {
                chosen = peak;
                break;
            }
        }
        double lag = refine(chosen, top);
        double bpm = 60 * FRAMES_PER_SECOND / lag;
        double confidence = Math.max(0, Math.min(1, smoothed(chosen, top)));
        return new Estimate(bpm, confidence);
    }

    /**
     * Metrical levels of a meter in quarter notes, each with its weight: the eighth, the beat the meter counts, and
     * the bar. 4/4 and 2/2 count quarters (a half-note beat is also a level); 3/4 counts quarters in bars of three;
     * compound meters (6/8, 9/8, 12/8) count dotted quarters, where the quarter itself is no level at all.
     */
    static double[][] levels(int numerator, int denominator, double[] w) {
        if (numerator <= 0 || denominator <= 0) {
            numerator = 4;
            denominator = 4;
        }
        double bar = numerator * 4.0 / denominator;
        boolean compound = denominator >= 8 && numerator % 3 == 0 && numerator > 3;
        if (compound) {
            return new double[][] {{0.5, w[0]}, {1.5, w[1]}, {bar, w[3]}};
        }
        if (bar % 2 == 0) {
            return new double[][] {{0.5, w[0]}, {1, w[1]}, {2, w[2]}, {bar, w[3]}};
        }
        return new double[][] {{0.5, w[0]}, {1, w[1]}, {bar, w[3]}};
    }

    private static final int TATUM_BINS = 96; // 1/16-octave bins from 1/32 s: six octaves, up to 2 s
    private static final double TATUM_MIN_SECONDS = 1 / 32.0;
    private final int[] ioiBins = new int[TATUM_BINS];

    /**
     * The tatum: the commonest interval between successive distinct onsets (onsets within 20 ms merged), in seconds,
     * or NaN when there are too few intervals. Notated music moves mostly in eighths or sixteenths, so the quarter's
     * length in tatums hints at the metrical level the notation counts, whatever the tempo. (On the development part
     * the labelled quarter is 1, 2 and 4 tatums about equally often: a weaker hint than the tempo prior.)
     */
    double tatum(double[] starts, int n) {
        java.util.Arrays.fill(ioiBins, 0);
        double previous = starts[0];
        int count = 0;
        for (int i = 1; i < n; i++) {
            double ioi = starts[i] - previous;
            if (ioi < 0.02) {
                continue;
            }
            previous = starts[i];
            int bin = (int) Math.round(16 * Math.log(ioi / TATUM_MIN_SECONDS) / Math.log(2));
            if (bin >= 0 && bin < TATUM_BINS) {
                ioiBins[bin]++;
                count++;
            }
        }
        if (count < MIN_ONSETS) {
            return Double.NaN;
        }
        int best = 0;
        int bestCount = -1;
        for (int b = 0; b < TATUM_BINS; b++) { // a bin with its neighbours: a played interval wavers
            int c = ioiBins[b] + (b > 0 ? ioiBins[b - 1] : 0) + (b + 1 < TATUM_BINS ? ioiBins[b + 1] : 0);
            if (c > bestCount) {
                bestCount = c;
                best = b;
            }
        }
        return TATUM_MIN_SECONDS * Math.pow(2, best / 16.0);
    }

    private Estimate meterEstimate(int numerator, int denominator, int top, double tatum) {
        double[][] levels = levels(numerator, denominator, meterWeights);
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        int minLag = (int) Math.floor(60 * FRAMES_PER_SECOND / meterMaxBpm);
        for (int lag = minLag; lag <= MAX_LAG; lag++) {
            double sum = 0;
            double weights = 0;
            for (double[] level : levels) {
                double at = lag * level[0];
                if (at >= minLag / 2.0 && at <= top - 1) {
                    sum += level[1] * interpolated(at, top);
                    weights += level[1];
                }
            }
            double v = weights > 0 ? sum / weights * prior[lag] : Double.NEGATIVE_INFINITY;
            if (!Double.isNaN(tatum) && v > 0) {
                double octaves = (Math.log(lag / FRAMES_PER_SECOND / tatum) / Math.log(2) - tatumCentre) / tatumOctaves;
                v *= Math.exp(-0.5 * octaves * octaves);
            }
            if (v > bestValue) {
                bestValue = v;
                best = lag;
            }
        }
        if (best < 0 || !(bestValue > 0)) {
            return new Estimate(Double.NaN, 0);
        }
        double lag = refine(localPeak(best, top), top);
        return new Estimate(60 * FRAMES_PER_SECOND / lag, Math.max(0, Math.min(1, smoothed(best, top))));
    }

    private double interpolated(double at, int top) {
        int lo = (int) at;
        double frac = at - lo;
        return frac == 0 ? smoothed(lo, top) : (1 - frac) * smoothed(lo, top) + frac * smoothed(Math.min(lo + 1, top), top);
    }

    private double smoothed(int lag, int top) {
        double left = lag > 0 ? acf[lag - 1] : acf[lag];
        double right = lag < top ? acf[lag + 1] : acf[lag];
        return 0.25 * left + 0.5 * acf[lag] + 0.25 * right;
    }

    /** The local maximum of the smoothed autocorrelation within ±2 lags of {@code centre}. */
    private int localPeak(int centre, int top) {
        int best = centre;
        double value = Double.NEGATIVE_INFINITY;
        for (int lag = Math.max(1, centre - 2); lag <= Math.min(top - 1, centre + 2); lag++) {
            double v = smoothed(lag, top);
            if (v > value) {
                value = v;
                best = lag;
            }
        }
        return best;
    }

    /** Parabolic interpolation of the peak at {@code lag} for a sub-frame period. */
    private double refine(int lag, int top) {
        if (lag <= 1 || lag >= top - 1) {
            return lag;
        }
        double a = smoothed(lag - 1, top);
        double b = smoothed(lag, top);
        double c = smoothed(lag + 1, top);
        double denom = a - 2 * b + c;
        if (denom >= 0) {
            return lag;
        }
        double shift = 0.5 * (a - c) / denom;
        return lag + Math.max(-0.5, Math.min(0.5, shift));
    }
}
