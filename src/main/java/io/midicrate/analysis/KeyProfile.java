package io.midicrate.analysis;

/**
 * Published key profiles (weights for pitch classes above the tonic, major then minor), with each rotated to all
 * 12 tonics and centred once so a Pearson correlation costs 24 dot products. Weights as published
 * (Krumhansl-Kessler 1982/1990, Temperley-Kostka-Payne, Albrecht-Shanahan 2013) and as given in music21 / Humdrum
 * keycor.
 */
public enum KeyProfile {
    KRUMHANSL_KESSLER(
            new double[] {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88},
            new double[] {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17}),
    TEMPERLEY_KOSTKA_PAYNE(
            new double[] {0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400},
            new double[] {0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330}),
    AARDEN_ESSEN(
            new double[] {17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587, 0.291248, 22.062, 0.145624, 8.15494, 0.232998, 4.95122},
            new double[] {18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362, 0.702494, 18.6161, 4.56621, 1.93186, 7.37619, 1.75623}),
    ALBRECHT_SHANAHAN(
            new double[] {0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.080, 0.008, 0.081},
            new double[] {0.220, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052}),
    BELLMAN_BUDGE(
            new double[] {16.80, 0.86, 12.95, 1.41, 13.49, 11.93, 1.25, 20.28, 1.80, 8.04, 0.62, 10.57},
            new double[] {18.16, 0.69, 12.99, 13.34, 1.07, 11.15, 1.38, 21.07, 7.49, 1.53, 0.92, 10.21}),
    SAPP_SIMPLE(
            new double[] {2, 0, 1, 0, 1, 1, 0, 2, 0, 1, 0, 1},
            new double[] {2, 0, 1, 1, 0, 1, 0, 2, 1, 0, 0.5, 0.5});

    /** centred[key][pc] for key 0..23 (0..11 major tonics C..B, 12..23 minor), divided by its norm. */
    private final double[][] centred = new double[24][12];

    KeyProfile(double[] major, double[] minor) {
        for (int key = 0; key < 24; key++) {
            double[] base = key < 12 ? major : minor;
            int tonic = key % 12;
            double mean = 0;
            for (double w : base) {
                mean += w / 12;
            }
            double norm = 0;
            for (int pc = 0; pc < 12; pc++) {
                double v = base[(pc - tonic + 12) % 12] - mean;
                centred[key][pc] = v;
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int pc = 0; pc < 12; pc++) {
                centred[key][pc] /= norm;
            }
        }
    }

    /**
     * Pearson correlation of a pitch-class histogram with each of the 24 keys, written into {@code out[24]}.
     * Returns false (and leaves {@code out} zero) when the histogram is flat or empty.
     */
    public boolean correlate(double[] histogram, double[] out) {
        double mean = 0;
        for (int pc = 0; pc < 12; pc++) {
            mean += histogram[pc] / 12;
        }
        double norm = 0;
        for (int pc = 0; pc < 12; pc++) {
            double v = histogram[pc] - mean;
            norm += v * v;
        }
        if (!(norm > 0)) {
            java.util.Arrays.fill(out, 0, 24, 0);
            return false;
        }
        norm = Math.sqrt(norm);
        for (int key = 0; key < 24; key++) {
            double[] p = centred[key];
            double dot = 0;
            for (int pc = 0; pc < 12; pc++) {
                dot += (histogram[pc] - mean) * p[pc];
            }
            out[key] = dot / norm;
        }
        return true;
    }
}
