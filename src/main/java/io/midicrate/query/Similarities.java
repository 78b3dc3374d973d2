package io.midicrate.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.midicrate.analysis.SoundProfile;

/** Why each row of a {@code like:} page sounds like the query's file: read beside the page, one statement. */
final class Similarities {

    private Similarities() {
    }

    private record Profile(float[] vector, String shape, Integer key, Double bpm) {
    }

    /** Replaces each row of {@code byId} with the row and its likeness to {@code target}. */
    static void explain(QueryExecution exec, long target, Map<Long, SearchRow> byId) {
        Long[] ids = new ArrayList<>(byId.keySet()).toArray(Long[]::new);
        Map<Long, Profile> profiles = new HashMap<>();
        exec.select("""
                SELECT a.content_id, a.sound_vector::text, a.progression_shape, a.key_index, a.bpm FROM analysis a
                WHERE (a.content_id = ANY(?) OR a.content_id = ?) AND a.sound_vector IS NOT NULL""", (rs, i) -> {
            profiles.put(rs.getLong(1), new Profile(SoundProfile.parseCube(rs.getString(2)), rs.getString(3),
                    (Integer) rs.getObject(4), Columns.nullableDouble(rs, "bpm")));
            return null;
        }, ids, target);
        Profile of = profiles.get(target);
        if (of == null) {
            return;
        }
        for (Long id : ids) {
            Profile other = profiles.get(id);
            if (other != null) {
                byId.put(id, byId.get(id).withSimilarity(similarity(of, other)));
            }
        }
    }

    private static SearchRow.Similarity similarity(Profile a, Profile b) {
        SoundProfile.Likeness likeness = SoundProfile.likeness(a.vector(), b.vector());
        List<String> why = new ArrayList<>();
        if (sameProgression(a.shape(), b.shape())) {
            why.add("same progression");
        }
        if (a.key() != null && b.key() != null) {
            if (a.key().equals(b.key())) {
                why.add("same key");
            } else if (Camelot.compatible(a.key()).contains(b.key())) {
                why.add("Camelot neighbour");
            }
        }
        why.add(String.format(Locale.ROOT, "harmony %.2f", likeness.harmony()));
        why.add(String.format(Locale.ROOT, "rhythm %.2f", likeness.rhythm()));
        if (likeness.instruments() >= 0.9) {
            why.add("same instruments");
        }
        if (a.bpm() != null && b.bpm() != null && a.bpm() > 0 && b.bpm() > 0) {
            double ratio = b.bpm() / a.bpm();
            if (Math.abs(ratio - 1) <= 0.04) {
                why.add("same tempo");
            } else if (Math.abs(ratio - 0.5) <= 0.02) {
                why.add("half tempo");
            } else if (Math.abs(ratio - 2) <= 0.08) {
                why.add("double tempo");
            }
        }
        return new SearchRow.Similarity(Math.round(likeness.overall() * 1000) / 1000.0, String.join(", ", why));
    }

    /**
     * The same progression in any key: the two shapes (ProgressionSearch) equal, or one's first four chords a run
     * of the other (a loop read from another chord, or a longer file holding the loop).
     */
    static boolean sameProgression(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        return runIn(a, b) || runIn(b, a);
    }

    private static boolean runIn(String shape, String other) {
        String[] tokens = shape.strip().split(" ");
        if (tokens.length < 3) {
            return false;
        }
        // the first chord's quality, then the intervals and qualities of the next ones
        StringBuilder run = new StringBuilder();
        for (int i = 1; i < Math.min(tokens.length, 5); i++) {
            run.append(' ').append(tokens[i]);
        }
        String needle = run.append(' ').toString();
        int at = other.indexOf(needle);
        while (at > 0) {
            // the chord before the run must have the same quality as this shape's first chord
            int start = other.lastIndexOf(' ', at - 1);
            if (other.charAt(at - 1) == tokens[0].charAt(1) && start >= 0) {
                return true;
            }
            at = other.indexOf(needle, at + 1);
        }
        return false;
    }
}
