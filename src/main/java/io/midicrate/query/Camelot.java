package io.midicrate.query;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.midicrate.analysis.Keys;

/**
 * Key names and the Camelot wheel DJs mix by. Key indices are the analysis' own: 0..11 major C..B, 12..23 minor.
 * On the wheel 8B is C major and 8A its relative minor, A minor; one step is a fifth.
 */
public final class Camelot {

    private static final Pattern CAMELOT = Pattern.compile("(1[0-2]|[1-9])([AaBb])");
    private static final Pattern NOTE = Pattern.compile(
            "([A-Ga-g])([#♯b♭]?)\\s*(m|min|minor|maj|major|M)?");

    private Camelot() {
    }

    /** The wheel position of a key: 1..12 with A (minor) or B (major), e.g. "8A" for A minor. */
    public static String code(int keyIndex) {
        return number(keyIndex) + (keyIndex >= 12 ? "A" : "B");
    }

    static int number(int keyIndex) {
        int majorTonic = keyIndex >= 12 ? (keyIndex - 12 + 3) % 12 : keyIndex;   // a minor key sits with its relative major
        int fifths = majorTonic * 7 % 12;                                        // C 0, G 1, D 2 ...
        return (fifths + 7) % 12 + 1;                                            // C major is 8B
    }

    static int fromCode(int number, boolean minor) {
        int fifths = ((number - 1 - 7) % 12 + 12) % 12;
        int majorTonic = fifths * 7 % 12;   // 7 is its own inverse modulo 12
        return minor ? (majorTonic + 9) % 12 + 12 : majorTonic;
    }

    /** A key as a user writes it ("Am", "A minor", "F#", "Bbm", "8A"), or -1 when it is none. */
    public static int parse(String text) {
        String s = text.trim();
        Matcher c = CAMELOT.matcher(s);
        if (c.matches()) {
            return fromCode(Integer.parseInt(c.group(1)), Character.toUpperCase(c.group(2).charAt(0)) == 'A');
        }
        Matcher n = NOTE.matcher(s);
        if (!n.matches()) {
            return -1;
        }
        int tonic = Keys.naturalTonic(n.group(1).charAt(0));
        String accidental = n.group(2);
        if (accidental.equals("#") || accidental.equals("♯")) {
            tonic++;
        } else if (accidental.equals("b") || accidental.equals("♭")) {
            tonic--;
        }
        String mode = n.group(3);
        boolean minor = mode != null && (mode.equals("m") || mode.startsWith("min"));
        return Keys.index(tonic, minor);
    }

    /** The key and the keys a DJ mixes into it: one step round the wheel either way, and the relative major/minor. */
    public static Set<Integer> compatible(int keyIndex) {
        boolean minor = keyIndex >= 12;
        int number = number(keyIndex);
        Set<Integer> keys = new TreeSet<>();
        keys.add(keyIndex);
        keys.add(fromCode(number % 12 + 1, minor));
        keys.add(fromCode((number + 10) % 12 + 1, minor));
        keys.add(fromCode(number, !minor));
        return keys;
    }
}
