package io.midicrate.smf;

/** A time-signature meta event (numerator / 2^denominatorPower), at an absolute tick. */
public record TimeSignature(long tick, int numerator, int denominator, int clocksPerClick, int thirtySecondsPerQuarter) {

    /** The usual spelling, e.g. {@code "6/8"}. */
    public String label() {
        return numerator + "/" + denominator;
    }
}
