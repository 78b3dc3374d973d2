package io.midicrate.audition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.midicrate.analysis.Keys;
import io.midicrate.common.OperatorException;

/**
 * A file taken into the key and tempo of the song being made: by ±N semitones or to a key (the smallest interval
 * from the file's own key, {@link AuditionOptions#interval}), and to a BPM. What the page's download, its dragged
 * files and {@code export --transpose-to --tempo} share: how the target is read, and the key and tempo a result has.
 *
 * @param transpose semitones, when no key is the target
 * @param toKey     the target key's index ({@link Keys}), or -1
 * @param bpm       the target tempo, or null to keep the file's
 */
public record Retune(int transpose, int toKey, Double bpm) {

    public static final Retune NONE = new Retune(0, -1, null);

    public Retune {
        if (bpm != null && (!(bpm > 0) || bpm > AuditionOptions.MAX_BPM)) {
            throw new OperatorException("a tempo is above 0 and at most 999 BPM, not " + number(bpm));
        }
    }

    /** {@code KEY} (any spelling {@link Keys#parse} reads) or {@code ±N} semitones; null or blank: no move. */
    public static Retune parse(String keyOrSemitones, Double bpm) {
        if (keyOrSemitones == null || keyOrSemitones.isBlank()) {
            return new Retune(0, -1, bpm);
        }
        String text = keyOrSemitones.trim();
        if (text.matches("[+-]?\\d{1,3}")) {
            int semitones = Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
            if (semitones < -48 || semitones > 48) {
                throw new OperatorException("transpose by -48..48 semitones, not " + semitones);
            }
            return new Retune(semitones, -1, bpm);
        }
        int key = Keys.parse(text);
        if (key < 0) {
            throw new OperatorException("'" + keyOrSemitones + "' is not a key (e.g. \"F# minor\", \"Eb\", \"c#m\") nor ±N semitones");
        }
        return new Retune(0, key, bpm);
    }

    public boolean changes() {
        return transpose != 0 || toKey >= 0 || bpm != null;
    }

    /** The semitones for a file whose key is {@code fileKey} (null: none known, so a key target moves it nowhere). */
    public int semitones(String fileKey) {
        if (toKey < 0) {
            return transpose;
        }
        int from = fileKey == null ? -1 : Keys.parse(fileKey);
        return from < 0 ? 0 : AuditionOptions.interval(from, toKey);
    }

    /** The key a file in {@code fileKey} has once moved (null when it has none). */
    public String key(String fileKey) {
        int from = fileKey == null ? -1 : Keys.parse(fileKey);
        return from < 0 ? null : Keys.name(Keys.index(Keys.tonic(from) + semitones(fileKey), Keys.minor(from)));
    }

    /** The tempo a file of {@code fileBpm} has once retuned. */
    public Double bpm(Double fileBpm) {
        return bpm != null ? bpm : fileBpm;
    }

    /** A file name saying the result's key and tempo: {@code loop (A minor, 92 bpm)}; the stem alone when neither is known. */
    public String name(String stem, String fileKey, Double fileBpm) {
        List<String> parts = new ArrayList<>();
        String key = key(fileKey);
        Double tempo = bpm(fileBpm);
        if (key != null) {
            parts.add(key);
        }
        if (tempo != null) {
            parts.add(Math.round(tempo) + " bpm");
        }
        return parts.isEmpty() ? stem : stem + " (" + String.join(", ", parts) + ")";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
