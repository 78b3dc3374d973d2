package io.midicrate.web.audition;

import java.util.Locale;

import io.midicrate.analysis.Keys;
import io.midicrate.audition.AuditionOptions;
import io.midicrate.audition.Drums;
import io.midicrate.audition.Retune;
import io.midicrate.common.OperatorException;

/**
 * The options of a preview or a MIDI download as the URL gives them, with the names {@code play} gives its options:
 * {@code transpose=±N} or {@code to=KEY}, {@code bpm=N}, {@code drums=mute|only}, {@code bars=N}. Every mistake is
 * one line.
 *
 * @param bars null: the default preview (8 bars or 30 s)
 */
record AuditionParams(Retune retune, Drums drums, Integer bars) {

    static final int MAX_BARS = 64;
    /** a preview asked for by bars may run this long */
    static final double MAX_SECONDS = 120;

    static AuditionParams parse(String transpose, String to, String bpm, String drums, String bars) {
        boolean hasTranspose = given(transpose);
        boolean hasTo = given(to);
        if (hasTranspose && hasTo) {
            throw new OperatorException("give transpose or to, not both");
        }
        if (hasTranspose) {
            integer("transpose", transpose.trim(), "±N semitones");
        }
        if (hasTo && Keys.parse(to.trim()) < 0) {
            throw new OperatorException("'" + to + "' is not a key (e.g. \"F# minor\", \"Eb\", \"c#m\")");
        }
        Double tempo = null;
        if (given(bpm)) {
            try {
                tempo = Double.parseDouble(bpm.trim());
            } catch (NumberFormatException e) {
                throw new OperatorException("bpm takes a tempo above 0 and at most 999, not '" + bpm + "'");
            }
        }
        Integer count = given(bars) ? integer("bars", bars.trim(), "a count of 1.." + MAX_BARS) : null;
        if (count != null && (count < 1 || count > MAX_BARS)) {
            throw new OperatorException("bars takes a count of 1.." + MAX_BARS + ", not " + count);
        }
        Retune retune = Retune.parse(hasTo ? to : transpose, tempo);
        return new AuditionParams(retune, Drums.parse(given(drums) ? drums : null), count);
    }

    /** The preview's options for a file in {@code fileKey} (a key target leaves a file without a key where it is). */
    AuditionOptions options(String fileKey) {
        int semitones = retune.semitones(fileKey);
        return bars == null
                ? new AuditionOptions(semitones, retune.bpm(), drums, AuditionOptions.DEFAULT_BARS, AuditionOptions.DEFAULT_SECONDS)
                : new AuditionOptions(semitones, retune.bpm(), drums, bars, MAX_SECONDS);
    }

    /** The options in one canonical spelling, for a cache key: equal renders, equal text. */
    static String normalised(AuditionOptions o) {
        return String.format(Locale.ROOT, "t%+d_b%s_d%s_n%d_s%d", o.transpose(),
                o.bpm() == null ? "file" : String.format(Locale.ROOT, "%.2f", o.bpm()),
                o.drums().name().toLowerCase(Locale.ROOT), o.bars(), Math.round(o.maxSeconds()));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static int integer(String name, String value, String what) {
        try {
            return Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw new OperatorException(name + " takes " + what + ", not '" + value + "'");
        }
    }
}
