package io.midicrate.analysis;

/** A tag and why a file has it: its normalised name, its category (genre, role, instrument, ...) and its source. */
public record Tag(String name, String category, String source) {
}
