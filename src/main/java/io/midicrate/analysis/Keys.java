package io.midicrate.analysis;

/**
 * Key indices and names. Index 0..11 = C..B major, 12..23 = C..B minor. Every key has one spelling wherever it is
 * shown or stored, the conventional one (the signature with fewer accidentals; F# major over Gb, Eb minor over D#
 * minor): "C major", "F# major", "Bb minor", in ASCII so it can be typed and grepped (the web page draws the
 * accidentals as ♯ and ♭). {@link #signatureName} spells a key signature event as the file declares it, for
 * comparing with other readers only.
 */
public final class Keys {
    private static final String[] MAJOR = {"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
    private static final String[] MINOR = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"};
    /** Tonic spelled by key signature, index sharps + 7. */
    private static final String[] SIG_MAJOR = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"};
    private static final String[] SIG_MINOR = {"Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#"};

    private Keys() {
    }

    public static String name(int index) {
        if (index < 0 || index > 23) {
            return null;
        }
        return index < 12 ? MAJOR[index] + " major" : MINOR[index - 12] + " minor";
    }

    public static boolean minor(int index) {
        return index >= 12;
    }

    public static int tonic(int index) {
        return index % 12;
    }

    public static int index(int tonic, boolean minor) {
        return ((tonic % 12 + 12) % 12) + (minor ? 12 : 0);
    }

    /** The key a signature names: sharps -7..7 and the mode flag. */
    public static int fromSignature(int sharps, boolean minor) {
        int majorTonic = ((sharps * 7) % 12 + 12) % 12;
        return minor ? index(majorTonic + 9, true) : index(majorTonic, false);
    }

    public static String signatureName(int sharps, boolean minor) {
        return (minor ? SIG_MINOR[sharps + 7] + " minor" : SIG_MAJOR[sharps + 7] + " major");
    }

    /** The pitch class of a note letter A..G (either case), or -1. */
    public static int naturalTonic(char letter) {
        return switch (Character.toUpperCase(letter)) {
            case 'C' -> 0;
            case 'D' -> 2;
            case 'E' -> 4;
            case 'F' -> 5;
            case 'G' -> 7;
            case 'A' -> 9;
            case 'B' -> 11;
            default -> -1;
        };
    }

    /** Parses "F# major", "Bb minor", "Eb", "c#m", "E\u266D minor" and similar; -1 when unknown. */
    public static int parse(String text) {
        if (text == null) {
            return -1;
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return -1;
        }
        int tonic = naturalTonic(s.charAt(0));
        if (tonic < 0) {
            return -1;
        }
        int i = 1;
        while (i < s.length() && "#b\u266F\u266D".indexOf(s.charAt(i)) >= 0) {
            tonic += s.charAt(i) == '#' || s.charAt(i) == '\u266F' ? 1 : -1;
            i++;
        }
        String rest = s.substring(i).trim().toLowerCase(java.util.Locale.ROOT);
        boolean minor = rest.startsWith("min") || rest.equals("m");
        return index(tonic, minor);
    }

    /**
     * MIREX weighted score of an estimate against a reference: 1 same key, 0.5 a perfect fifth above (same mode),
     * 0.3 relative major/minor, 0.2 parallel, else 0 (mir_eval's asymmetric fifth rule).
     */
    public static double mirexScore(int estimate, int reference) {
        if (estimate == reference) {
            return 1.0;
        }
        if (estimate < 0 || reference < 0) {
            return 0;
        }
        int et = tonic(estimate);
        int rt = tonic(reference);
        boolean em = minor(estimate);
        boolean rm = minor(reference);
        if (em == rm && et == (rt + 7) % 12) {
            return 0.5;
        }
        if (!em && rm && et == (rt + 3) % 12) {
            return 0.3;
        }
        if (em && !rm && et == (rt + 9) % 12) {
            return 0.3;
        }
        if (em != rm && et == rt) {
            return 0.2;
        }
        return 0;
    }
}
