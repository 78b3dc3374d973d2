package io.midicrate.smf;

/**
 * A key-signature meta event at an absolute tick.
 *
 * @param sharps -7..7 (negative counts flats)
 * @param minor  the event's mode flag
 */
public record KeySignature(long tick, int sharps, boolean minor) {
}
