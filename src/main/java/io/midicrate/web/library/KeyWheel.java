package io.midicrate.web.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.midicrate.analysis.Keys;
import io.midicrate.query.Camelot;

/**
 * The key distribution as a Camelot wheel (the circle of fifths as DJs number it): twelve slices, majors (B) on the
 * outer ring, their relative minors (A) inside, neighbours a fifth apart. Each slice is shaded by how many files
 * are in its key and links to a search for it. Pure geometry for the template to draw; no Spring.
 */
public final class KeyWheel {

    static final double OUTER = 150;
    static final double MIDDLE = 102;
    static final double INNER = 56;

    /** One slice: an SVG path in a 320 x 320 box centred on 0,0, and what it stands for. */
    public record Slice(int keyIndex, String camelot, String keyName, long count, String path, String fill,
                        double labelX, double labelY, boolean dark) {
    }

    private KeyWheel() {
    }

    /** @param counts files per key index, 24 entries */
    public static List<Slice> slices(long[] counts) {
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        List<Slice> slices = new ArrayList<>(24);
        for (int key = 0; key < 24; key++) {
            String code = Camelot.code(key);
            int n = Integer.parseInt(code.substring(0, code.length() - 1));
            boolean minor = Keys.minor(key);
            double centre = Math.toRadians(n * 30);
            double from = centre - Math.toRadians(15);
            double to = centre + Math.toRadians(15);
            double r0 = minor ? INNER : MIDDLE;
            double r1 = minor ? MIDDLE : OUTER;
            double share = Math.sqrt(counts[key] / (double) max); // sqrt: small keys stay visible next to C major
            int hue = (n - 1) * 30;
            double lightness = counts[key] == 0 ? 96 : 88 - 46 * share;
            String fill = String.format(Locale.ROOT, "hsl(%d, %d%%, %.0f%%)", hue, counts[key] == 0 ? 10 : 70, lightness);
            double labelR = (r0 + r1) / 2;
            slices.add(new Slice(key, code, Keys.name(key), counts[key], ring(from, to, r0, r1), fill,
                    round(Math.sin(centre) * labelR), round(-Math.cos(centre) * labelR), lightness < 62));
        }
        return slices;
    }

    /** An annulus sector, angles clockwise from 12 o'clock. */
    private static String ring(double from, double to, double r0, double r1) {
        return String.format(Locale.ROOT, "M%.2f %.2f A%.0f %.0f 0 0 1 %.2f %.2f L%.2f %.2f A%.0f %.0f 0 0 0 %.2f %.2fZ",
                Math.sin(from) * r1, -Math.cos(from) * r1, r1, r1, Math.sin(to) * r1, -Math.cos(to) * r1,
                Math.sin(to) * r0, -Math.cos(to) * r0, r0, r0, Math.sin(from) * r0, -Math.cos(from) * r0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
