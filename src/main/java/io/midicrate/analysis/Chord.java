package io.midicrate.analysis;

import java.util.Locale;

/**
 * A chord: root pitch class, quality, and the pitch class in the bass (the root unless inverted). Names are ASCII
 * with one spelling per root ({@link #ROOTS}), e.g. "Am7", "F#m7b5", "C/E"; {@link #parse} also reads the other
 * spellings a user types (A#m7, Bbmin7, C-7, Cø7, C°, C+, CM7, CΔ7).
 */
public record Chord(int root, ChordQuality quality, int bass) {

    /** The one spelling of each root in chord names (as in most lead sheets: flats except F#). */
    public static final String[] ROOTS = {"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    public Chord {
        if (root < 0 || root > 11 || bass < 0 || bass > 11 || quality == null) {
            throw new IllegalArgumentException("not a chord: root " + root + ", bass " + bass + ", " + quality);
        }
    }

    public Chord(int root, ChordQuality quality) {
        this(root, quality, root);
    }

    /** The chord without its inversion. */
    public Chord rootPosition() {
        return bass == root ? this : new Chord(root, quality);
    }

    /** "Am7", or "C/E" when the bass is not the root. */
    public String name() {
        String base = ROOTS[root] + quality.suffix();
        return bass == root ? base : base + "/" + ROOTS[bass];
    }

    /** A small number for storing and indexing a root-position chord: root * 16 + quality ordinal. */
    public int code() {
        return root * 16 + quality.ordinal();
    }

    public static Chord fromCode(int code) {
        return new Chord(code / 16, ChordQuality.values()[code % 16]);
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Reads a chord name; throws {@link IllegalArgumentException} naming what it could not read. Accepts any
     * enharmonic spelling of the root and bass, and common quality spellings besides {@link ChordQuality#suffix}.
     */
    public static Chord parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String head = slash >= 0 ? s.substring(0, slash) : s;
        int[] root = readPitch(head, text);
        String rest = head.substring(root[1]);
        ChordQuality quality = readQuality(rest, text);
        int bass = root[0];
        if (slash >= 0) {
            String bassText = s.substring(slash + 1);
            int[] b = readPitch(bassText, text);
            if (b[1] != bassText.length()) {
                throw new IllegalArgumentException("not a chord: '" + text + "' (the bass after '/' is a note, like C/E)");
            }
            bass = b[0];
        }
        return new Chord(root[0], quality, bass);
    }

    /** Pitch class and characters read, from a note letter and its sharps or flats. */
    private static int[] readPitch(String s, String whole) {
        if (s.isEmpty() || Keys.naturalTonic(s.charAt(0)) < 0) {
            throw new IllegalArgumentException("not a chord: '" + whole + "' (a chord starts with a note, A to G)");
        }
        int pc = Keys.naturalTonic(s.charAt(0));
        int i = 1;
        while (i < s.length() && (s.charAt(i) == '#' || s.charAt(i) == 'b' || s.charAt(i) == '♯' || s.charAt(i) == '♭')) {
            // "Cb" is C flat, but "Cbm"... also C flat minor; a lone 'b' after the letter is always a flat
            pc += (s.charAt(i) == '#' || s.charAt(i) == '♯') ? 1 : -1;
            i++;
        }
        return new int[] {Math.floorMod(pc, 12), i};
    }

    private static ChordQuality readQuality(String raw, String whole) {
        String q = raw.replace("Δ", "maj").replace("ø7", "m7b5").replace("ø", "m7b5").replace("°7", "dim7").replace("°", "dim")
                .replace("(", "").replace(")", "");
        // case matters for "M7" (major seventh) against "m7" (minor seventh)
        if (q.startsWith("M") && !q.startsWith("Maj") && !q.startsWith("MAJ")) {
            q = "maj" + q.substring(1);
        }
        q = q.toLowerCase(Locale.ROOT);
        if (q.equals("maj") || q.equals("major")) {
            q = "";
        }
        q = q.replace("major", "maj").replace("minor", "m").replace("min", "m").replace("-", "m")
                .replace("+", "aug").replace("m7-5", "m7b5").replace("mmaj7", "m7"); // no minor-major seventh in the vocabulary
        if (q.startsWith("maj9") || q.startsWith("maj11") || q.startsWith("maj13")) {
            q = "maj7";
        } else if (q.equals("9") || q.equals("11") || q.equals("13")) {
            q = "7";
        } else if (q.equals("m9") || q.equals("m11") || q.equals("m13")) {
            q = "m7";
        } else if (q.equals("sus")) {
            q = "sus4";
        } else if (q.equals("6/9") || q.equals("69")) {
            q = "6";
        } else if (q.equals("h7") || q.equals("hdim7") || q.equals("hdim")) {
            q = "m7b5";
        } else if (q.equals("o")) {
            q = "dim";
        } else if (q.equals("o7")) {
            q = "dim7";
        }
        for (ChordQuality quality : ChordQuality.BY_SUFFIX_LENGTH) {
            if (q.equals(quality.suffix())) {
                return quality;
            }
        }
        throw new IllegalArgumentException("not a chord: '" + whole + "' (qualities: m, dim, aug, sus2, sus4, 6, m6, 7, "
                + "maj7, m7, m7b5, dim7)");
    }
}
