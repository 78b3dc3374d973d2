package io.midicrate.web.file;

import java.util.Locale;

import io.midicrate.smf.MidiFile;
import io.midicrate.smf.NoteTable;
import io.midicrate.smf.TempoMap;
import io.midicrate.smf.TimeSignature;

/**
 * Draws a file's notes as an SVG piano roll from our own parser's {@link MidiFile}: time across (seconds through the
 * tempo map), pitch up, one {@code rect.note} per note coloured by channel ({@code ch0}..{@code ch15} in the
 * stylesheet), drum hits in their own lanes below the pitched notes, bar lines from the time signatures. Only
 * numbers and fixed class names go into the markup: nothing the file holds is written as text. No Spring.
 */
public final class PianoRoll {

    /** Notes drawn at most: a bigger file shows its first ones, and the page says so. */
    public static final int MAX_NOTES = 20_000;
    static final int MAX_BARS = 4_000;
    static final double LEFT = 34;
    static final double TOP = 16;
    static final double PITCH_ROW = 5;
    static final double DRUM_ROW = 7;

    /**
     * @param svg        the markup
     * @param drawnNotes notes drawn ({@code rect.note} elements)
     * @param totalNotes notes the file holds
     */
    public record Drawing(String svg, int drawnNotes, int totalNotes, double seconds, int width, int height,
                          double pxPerSecond) {
        public boolean truncated() {
            return drawnNotes < totalNotes;
        }
    }

    private PianoRoll() {
    }

    public static Drawing draw(MidiFile file) {
        return draw(file, MAX_NOTES);
    }

    static Drawing draw(MidiFile file, int maxNotes) {
        NoteTable notes = file.notes();
        int total = notes.count();
        int drawn = Math.min(total, maxNotes);
        double seconds = Math.max(file.durationSeconds(), drawn == 0 ? 1 : notes.endSeconds()[drawn - 1]);
        seconds = Math.max(seconds, 0.5);
        // about 90 px a second for a loop, fewer for a song, so a long file stays scrollable, not endless
        double pxPerSecond = Math.max(6, Math.min(90, 9000 / seconds));
        double plotWidth = seconds * pxPerSecond;

        int low = 127;
        int high = 0;
        boolean[] drumKeys = new boolean[128];
        int drumLanes = 0;
        for (int i = 0; i < drawn; i++) {
            int key = notes.key(i);
            if (notes.isDrum(i)) {
                if (!drumKeys[key]) {
                    drumKeys[key] = true;
                    drumLanes++;
                }
            } else {
                low = Math.min(low, key);
                high = Math.max(high, key);
            }
        }
        boolean pitched = low <= high;
        if (pitched) { // a little air, and at least two octaves so a bass line is not a wall of bars
            low = Math.max(0, low - 2);
            high = Math.min(127, high + 2);
            while (high - low < 24) {
                low = Math.max(0, low - 1);
                high = Math.min(127, high + 1);
                if (low == 0 && high == 127) {
                    break;
                }
            }
        }
        double pitchHeight = pitched ? (high - low + 1) * PITCH_ROW : 0;
        double drumTop = TOP + pitchHeight + (pitched && drumLanes > 0 ? 10 : 0);
        int[] drumLane = new int[128];
        int lane = 0;
        for (int key = 127; key >= 0; key--) {
            if (drumKeys[key]) {
                drumLane[key] = lane++;
            }
        }
        double height = drumTop + drumLanes * DRUM_ROW + 6;
        if (!pitched && drumLanes == 0) {
            height = TOP + 40;
        }
        int width = (int) Math.ceil(LEFT + plotWidth + 10);
        int svgHeight = (int) Math.ceil(height);

        StringBuilder svg = new StringBuilder(200 + drawn * 64);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pianoroll\" id=\"pianoroll\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" data-seconds=\"%.3f\" data-px-per-second=\"%.4f\" "
                + "data-left=\"%.0f\" role=\"img\" aria-label=\"Piano roll\">", width, svgHeight, width, svgHeight,
                seconds, pxPerSecond, LEFT));
        if (pitched) {
            for (int key = low; key <= high; key++) {
                double y = TOP + (high - key) * PITCH_ROW;
                int pc = key % 12;
                if (pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10) {
                    svg.append(String.format(Locale.ROOT, "<rect class=\"bg-black\" x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                            LEFT, y, plotWidth, PITCH_ROW));
                }
                if (pc == 0) {
                    svg.append(String.format(Locale.ROOT, "<line class=\"bg-c\" x1=\"%.0f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
                            LEFT, LEFT + plotWidth, y + PITCH_ROW, y + PITCH_ROW));
                    svg.append(String.format(Locale.ROOT, "<text class=\"lane-label\" x=\"2\" y=\"%.1f\">C%d</text>",
                            y + PITCH_ROW, key / 12 - 1));
                }
            }
        }
        if (drumLanes > 0) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"drum-bg\" x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                    LEFT, drumTop, plotWidth, drumLanes * DRUM_ROW));
            svg.append(String.format(Locale.ROOT, "<text class=\"lane-label\" x=\"2\" y=\"%.1f\">drums</text>",
                    drumTop + Math.min(drumLanes * DRUM_ROW, 12) - 2));
        }
        bars(svg, file, seconds, pxPerSecond, svgHeight);
        for (int i = 0; i < drawn; i++) {
            double x = LEFT + notes.startSeconds()[i] * pxPerSecond;
            double w = Math.max(1.5, (notes.endSeconds()[i] - notes.startSeconds()[i]) * pxPerSecond);
            int key = notes.key(i);
            double y;
            double h;
            if (notes.isDrum(i)) {
                y = drumTop + drumLane[key] * DRUM_ROW + 0.5;
                h = DRUM_ROW - 1;
                w = Math.max(3, Math.min(w, 8)); // a hit, whatever its written length
            } else {
                y = TOP + (high - key) * PITCH_ROW;
                h = PITCH_ROW;
            }
            double opacity = 0.45 + 0.55 * notes.velocity(i) / 127.0;
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"note ch%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill-opacity=\"%.2f\" "
                            + "data-k=\"%d\" data-v=\"%d\" data-t=\"%.3f\" data-d=\"%.3f\"/>",
                    notes.channel(i), x, y, w, h, opacity, key, notes.velocity(i), notes.startSeconds()[i],
                    notes.endSeconds()[i] - notes.startSeconds()[i]));
        }
        svg.append("<line class=\"playhead\" id=\"playhead\" x1=\"-10\" x2=\"-10\" y1=\"0\" y2=\"")
                .append(svgHeight).append("\"/>");
        svg.append("</svg>");
        return new Drawing(svg.toString(), drawn, total, seconds, width, svgHeight, pxPerSecond);
    }

    /** A line at each bar start (the time signature in force, 4/4 before the first), numbered when there is room. */
    private static void bars(StringBuilder svg, MidiFile file, double seconds, double pxPerSecond, int height) {
        TempoMap tempo = file.tempoMap();
        int tpq = Math.max(1, file.ticksPerQuarter());
        var signatures = file.timeSignatures();
        long tick = 0;
        int sig = -1;
        int numerator = 4;
        int denominator = 4;
        double lastLabelX = -1e9;
        for (int bar = 1; bar <= MAX_BARS; bar++) {
            while (sig + 1 < signatures.size() && signatures.get(sig + 1).tick() <= tick) {
                sig++;
                TimeSignature ts = signatures.get(sig);
                if (ts.numerator() > 0 && ts.denominator() > 0) {
                    numerator = ts.numerator();
                    denominator = ts.denominator();
                }
            }
            double t = tempo.seconds(tick);
            if (t > seconds) {
                break;
            }
            double x = LEFT + t * pxPerSecond;
            svg.append(String.format(Locale.ROOT, "<line class=\"bar\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%d\"/>",
                    x, x, TOP - 4, height));
            if (x - lastLabelX >= 28) {
                svg.append(String.format(Locale.ROOT, "<text class=\"bar-label\" x=\"%.1f\" y=\"10\">%d</text>", x + 2, bar));
                lastLabelX = x;
            }
            long barTicks = Math.max(1, (long) tpq * 4 * numerator / denominator);
            // a signature that starts mid-bar starts a new bar where it stands
            if (sig + 1 < signatures.size() && signatures.get(sig + 1).tick() < tick + barTicks) {
                tick = Math.max(tick + 1, signatures.get(sig + 1).tick());
            } else {
                tick += barTicks;
            }
        }
    }
}
