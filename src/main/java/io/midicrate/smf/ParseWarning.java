package io.midicrate.smf;

/**
 * How often one kind of repair happened in a file, with the first occurrence described.
 *
 * @param kind   the repair
 * @param count  how many times it was made
 * @param detail where it first happened (track, byte offset), for the warning row
 */
public record ParseWarning(SmfWarning kind, int count, String detail) {
}
