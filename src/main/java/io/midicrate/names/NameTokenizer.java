package io.midicrate.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits one path segment into words and numbers in a single pass, without regular expressions
 * (names come by the million; a hand-written scanner cannot backtrack).
 *
 * <p>Boundaries: any character that is not a letter or digit; letter↔digit ({@code 140bpm}, {@code bpm128});
 * camelCase ({@code DarkHats}); the end of an upper-case run before a capitalised word ({@code BPMDark}).
 * Kept together: {@code #}, {@code ♯}, {@code ♭} right after a single note letter ({@code C#m}, {@code F#Minor} → {@code F#},{@code Minor});
 * decimals {@code 44.1}/{@code 44,1}. A lone {@code &} becomes the word {@code and} so {@code R&B}, {@code D&B} and
 * {@code Drum & Bass} match the same dictionary phrases as their spelled-out forms.
 */
final class NameTokenizer {

    private NameTokenizer() {
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>(8);
        int n = s.length();
        int prevEnd = -1;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (c == '&') {
                i++;
                out.add(token(s, "and", "and", false, false, 0, start, i, prevEnd));
                prevEnd = i;
                continue;
            }
            if (isDigit(c)) {
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i + 1 < n && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
                    i++;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                    String raw = s.substring(start, i);
                    int rounded = (int) Math.min(Integer.MAX_VALUE, Math.round(Double.parseDouble(raw.replace(',', '.'))));
                    out.add(token(s, raw, raw, false, true, rounded, start, i, prevEnd));
                } else {
                    String raw = s.substring(start, i);
                    int value = i - start > 6 ? Integer.MAX_VALUE : Integer.parseInt(raw);
                    out.add(token(s, raw, raw, true, false, value, start, i, prevEnd));
                }
                prevEnd = i;
                continue;
            }
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            i++;
            char prev = c;
            int upperRun = Character.isUpperCase(c) ? 1 : 0;
            boolean accidental = false;
            while (i < n) {
                char d = s.charAt(i);
                if (d == '#' || d == '♯' || d == '♭') {
                    if (i - start == 1 && isNoteLetter(c)) {
                        accidental = accidental || d != '#';
                        prev = d;
                        upperRun = 0;
                        i++;
                        continue;
                    }
                    break;
                }
                if (!Character.isLetter(d)) {
                    break;
                }
                if (Character.isUpperCase(d) && !Character.isUpperCase(prev)) {
                    break; // camelCase: "DarkHats", "F#Minor"
                }
                if (Character.isLowerCase(d) && upperRun >= 2) {
                    i--; // "BPMDark": the last capital starts the next word
                    break;
                }
                upperRun = Character.isUpperCase(d) ? upperRun + 1 : 0;
                prev = d;
                i++;
            }
            String raw = s.substring(start, i);
            if (accidental) {
                raw = raw.replace('♯', '#').replace('♭', 'b');
            }
            out.add(token(s, raw, raw.toLowerCase(Locale.ROOT), false, false, 0, start, i, prevEnd));
            prevEnd = i;
        }
        return out;
    }

    private static Token token(String s, String raw, String lower, boolean number, boolean decimal, int value,
                               int start, int end, int prevEnd) {
        boolean glued = start == prevEnd;
        char before = glued || start == 0 ? 0 : s.charAt(start - 1);
        char after = end < s.length() && !Character.isLetterOrDigit(s.charAt(end)) ? s.charAt(end) : 0;
        return new Token(raw, lower, number, decimal, value, glued, before, after);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isNoteLetter(char c) {
        char u = (char) (c & ~0x20);
        return u >= 'A' && u <= 'G';
    }
}
