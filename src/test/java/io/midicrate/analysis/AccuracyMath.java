package io.midicrate.analysis;

/** Tempo agreement measures (Gouyon et al.): Accuracy1 within 4%, Accuracy2 also after a factor 2, 3, 1/2 or 1/3. */
public final class AccuracyMath {
    private AccuracyMath() {
    }

    public static boolean acc1(double estimate, double reference) {
        return Math.abs(estimate - reference) <= 0.04 * reference;
    }

    public static boolean acc2(double estimate, double reference) {
        for (double factor : new double[] {1, 2, 3, 0.5, 1.0 / 3}) {
            if (acc1(estimate, reference * factor)) {
                return true;
            }
        }
        return false;
    }
}
