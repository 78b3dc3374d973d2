package io.midicrate.names;

import java.util.List;

/**
 * What a library path says about a MIDI file before we parse it.
 *
 * @param bpm    tempo named in the path (40–300), or null
 * @param key    tonality as {@code "<tonic> major|minor"} in the key's one spelling ({@link io.midicrate.analysis.Keys#name}:
 *               "A#" in a name is {@code "Bb major"}), or null
 * @param genres normalised genre names ({@code "drum-and-bass"}, {@code "hip-hop"}), file name first, no duplicates
 * @param roles  normalised instrument/role words ({@code "hihat"}, {@code "chords"}), file name first, no duplicates
 * @param pack   the pack/collection the file belongs to, as spelled in the path, or null
 * @param words  other meaningful lowercase words of the file name (not used for any field above)
 */
public record NameMetadata(Integer bpm, String key, List<String> genres, List<String> roles, String pack, List<String> words) {

    public NameMetadata {
        genres = List.copyOf(genres);
        roles = List.copyOf(roles);
        words = List.copyOf(words);
    }
}
