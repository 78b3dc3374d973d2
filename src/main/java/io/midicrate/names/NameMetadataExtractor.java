package io.midicrate.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.midicrate.analysis.Keys;

/**
 * Reads tempo, key, genres, roles and pack from a library path such as
 * {@code /lib/Packs/Trap Pack Vol 2/Drums/140 BPM Dark Hats Am.mid} or {@code /lib/Trap Pack Vol 2.zip!/Drums/hats_140_Am.mid}
 * ({@code !/} separates an archive from the entry path inside it; archives nest).
 *
 * <p>Stateless and thread-safe: one instance can serve every worker. No regular expressions: names are split by
 * {@link NameTokenizer} and every rule below looks at whole tokens, so nothing can backtrack and no word is ever
 * matched inside another ({@code bassoon} is not bass, {@code dream} holds no {@code Am}).
 *
 * <h2>Rules</h2>
 * <ul>
 * <li><b>BPM</b>, first hit in this order: a number labelled {@code bpm}/{@code tempo} in the file name
 *     ({@code 120bpm}, {@code 120 BPM}, {@code bpm128}, {@code Tempo 90}; 40–300); a bare number in the file name
 *     ({@code _128_}, {@code -128-}, {@code (140)}; 50–220, 2–3 digits, no leading zero); a labelled number in a folder
 *     (nearest first); a bare number in a folder. Bare numbers are not tempos after index words ({@code Vol 2},
 *     {@code Track 120}), glued to a short prefix ({@code x64}, {@code SH101}, {@code TB303}), before units or counts
 *     ({@code 8 bars}, {@code 48k}, {@code 90s}, {@code 100%}), or when decimal ({@code 44.1}). Years, {@code 808}/{@code 909}
 *     and time signatures fall outside the range anyway.</li>
 * <li><b>Key</b>: a note letter with optional {@code #}/{@code b}/{@code sharp}/{@code flat} and a mode, glued or as the next
 *     word ({@code Am}, {@code C#m}, {@code Ebmin}, {@code F# minor}, {@code Bb maj}, {@code G Major}, {@code F Sharp Minor}).
 *     A lone note ({@code _F_}, {@code A#}, {@code Bb}) is read as <em>major</em>, only in the file name, only when written with
 *     a capital (or a {@code #}), not glued to a word, not after a label ({@code Side A}, {@code Plan B}), not {@code E} before
 *     {@code Piano}/{@code Bass} (electric), and not a leading {@code A} (the article). A mode-marked key beats a lone note.
 *     Lower case needs a mode or sharp ({@code am}, {@code c#m} yes; {@code a}, {@code eb} no). A single capital {@code M}
 *     suffix is refused ({@code AM}, {@code FM}, {@code CM} are radio/synth words more often than keys).
 *     <b>Chords are not keys</b>: a note followed by a glued small number or a chord word ({@code Cmaj7}, {@code Am7},
 *     {@code C7}, {@code Dsus4}) is skipped, and a file name with three or more separate chord-like tokens
 *     ({@code Am F C G}) is a progression whose key we do not guess from its chords; folders may still supply one.
 *     Other modes ({@code D Dorian}) give no key. Folders contribute only mode-marked keys.</li>
 * <li><b>Genres and roles</b>: whole-token dictionary phrases ({@link NameDictionary}), longest first, file name first then
 *     folders from the nearest; normalised ({@code dnb}/{@code D&B}/{@code Drum n Bass} → {@code drum-and-bass},
 *     {@code hiphop} → {@code hip-hop}, {@code hats} → {@code hihat}, {@code 808} → {@code bass}).</li>
 * <li><b>Pack</b>: the nearest archive whose name is not generic (innermost zip of a nested chain); otherwise folders.
 *     A folder is generic when all its words are container/category words ({@code MIDI}, {@code Packs}, {@code Loops},
 *     {@code Drums}), genres, roles, numbers, tempos or keys ({@code Deep House}, {@code 140 BPM}), or it sits right under
 *     {@code home}/{@code Users}/{@code Volumes}/{@code mnt}/{@code media} (a user or disk name). From the file upward we take
 *     the first run of non-generic folders and, within it, the nearest one holding a pack word ({@code Pack}, {@code Kit},
 *     {@code Vol}, {@code Collection} …), else the run's nearest folder: {@code Packs/Trap Pack Vol 2/Dark Hats/x.mid},
 *     {@code House/Deep Vibes/Loops/x.mid} and {@code /srv/corpus7/Label/Deep Tape (MIDI)/Chords/x.mid} give
 *     {@code Trap Pack Vol 2}, {@code Deep Vibes} and {@code Deep Tape (MIDI)} (the nearest, because the run's top may be an
 *     unknown mount or checkout folder). Callers that know the library root do best passing paths relative to it.</li>
 * <li><b>Words</b>: the file name's remaining words, lowercased, two letters or more, no filler words.</li>
 * </ul>
 */
public final class NameMetadataExtractor {

    private static final int EXPLICIT_MIN = 40;
    private static final int EXPLICIT_MAX = 300;
    private static final int BARE_MIN = 50;
    private static final int BARE_MAX = 220;

    public NameMetadata extract(String path) {
        List<String> folders = new ArrayList<>(8);
        List<Boolean> archive = new ArrayList<>(8);
        String file = split(path, folders, archive);

        List<Token> fileTokens = NameTokenizer.tokenize(file);
        List<List<Token>> folderTokens = new ArrayList<>(folders.size()); // index matches folders (top first)
        for (String f : folders) {
            folderTokens.add(NameTokenizer.tokenize(f));
        }
        boolean[] fileUsed = new boolean[fileTokens.size()];

        Integer bpm = bpm(fileTokens, fileUsed, true);
        if (bpm == null) {
            bpm = bpm(fileTokens, fileUsed, false);
        }
        for (int pass = 0; pass < 2 && bpm == null; pass++) {
            for (int i = folderTokens.size() - 1; i >= 0 && bpm == null; i--) {
                bpm = bpm(folderTokens.get(i), null, pass == 0);
            }
        }

        String key = fileKey(fileTokens, fileUsed);
        for (int i = folderTokens.size() - 1; i >= 0 && key == null; i--) {
            key = modeKey(folderTokens.get(i), null);
        }

        List<String> genres = new ArrayList<>(2);
        List<String> roles = new ArrayList<>(2);
        phrases(fileTokens, fileUsed, genres, roles);
        for (int i = folderTokens.size() - 1; i >= 0; i--) {
            phrases(folderTokens.get(i), null, genres, roles);
        }

        List<String> words = new ArrayList<>(4);
        for (int i = 0; i < fileTokens.size(); i++) {
            Token t = fileTokens.get(i);
            if (!fileUsed[i] && t.isWord() && t.lower().length() >= 2 && !NameDictionary.STOP_WORDS.contains(t.lower())
                    && !words.contains(t.lower())) {
                words.add(t.lower());
            }
        }
        return new NameMetadata(bpm, key, genres, roles, pack(folders, archive, folderTokens), words);
    }

    /** Splits on {@code /} and {@code \}; returns the file name without extension and fills folders (archives without extension). */
    private static String split(String path, List<String> folders, List<Boolean> archive) {
        int n = path.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || path.charAt(i) == '/' || path.charAt(i) == '\\') {
                if (i > start) {
                    // an odd run of '!' before '/' separates an archive; an even one is escaped text (LibraryPath)
                    int bangs = 0;
                    while (i - 1 - bangs >= start && path.charAt(i - 1 - bangs) == '!') {
                        bangs++;
                    }
                    boolean isArchive = bangs % 2 == 1 && i < n && path.charAt(i) == '/';
                    int end = isArchive ? i - 1 : i;
                    if (i == n) {
                        return stripExtension(path.substring(start, end), false);
                    }
                    if (end > start) {
                        folders.add(isArchive ? stripExtension(path.substring(start, end), true) : path.substring(start, end));
                        archive.add(isArchive);
                    }
                }
                start = i + 1;
            }
        }
        return ""; // path ends with a separator: no file name
    }

    /** Drops a short alphabetic extension ({@code .mid}, {@code .midi}, {@code .kar}; {@code .zip}, {@code .tar.gz} for archives). */
    private static String stripExtension(String name, boolean archive) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() - dot - 1 > 5 || !Character.isLetter(name.charAt(dot + 1))) {
            return name;
        }
        String stem = name.substring(0, dot);
        if (archive && stem.toLowerCase(Locale.ROOT).endsWith(".tar")) {
            stem = stem.substring(0, stem.length() - 4);
        }
        return stem;
    }

    // ---------------------------------------------------------------- BPM

    /** First labelled ({@code explicit}) or bare tempo in one segment; marks its tokens used when {@code used} is given. */
    private static Integer bpm(List<Token> t, boolean[] used, boolean explicit) {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (!tok.number() && !tok.decimal()) {
                continue;
            }
            Token prev = i > 0 ? t.get(i - 1) : null;
            Token next = i + 1 < t.size() ? t.get(i + 1) : null;
            if (explicit) {
                int label = -1;
                if (next != null && NameDictionary.BPM_WORDS.contains(next.lower())) {
                    label = i + 1;
                } else if (prev != null && (NameDictionary.BPM_WORDS.contains(prev.lower()) || prev.lower().equals("tempo"))) {
                    label = i - 1;
                }
                if (label >= 0 && tok.value() >= EXPLICIT_MIN && tok.value() <= EXPLICIT_MAX) {
                    mark(used, i);
                    mark(used, label);
                    return tok.value();
                }
            } else if (bareTempo(tok, prev, next)) {
                mark(used, i);
                return tok.value();
            }
        }
        return null;
    }

    private static boolean bareTempo(Token tok, Token prev, Token next) {
        if (!tok.number() || tok.leadingZero() || tok.raw().length() < 2 || tok.raw().length() > 3
                || tok.value() < BARE_MIN || tok.value() > BARE_MAX || tok.before() == '#' || tok.after() == '%') {
            return false;
        }
        if (prev != null) {
            if (NameDictionary.NOT_TEMPO_BEFORE.contains(prev.lower())) {
                return false;
            }
            if (tok.glued() && prev.lower().length() <= 3) {
                return false; // model codes: x64, SH101, TB303, MPC60, v2
            }
            if (prev.decimal() || (prev.number() && (tok.before() == '.' || tok.before() == ','))) {
                return false; // version numbers 1.120, 2,100
            }
        }
        if (next != null) {
            if (NameDictionary.NOT_TEMPO_AFTER.contains(next.lower())) {
                return false;
            }
            if (next.glued() && next.isWord() && !NameDictionary.BPM_WORDS.contains(next.lower()) && keyAt(List.of(next), 0) == null) {
                return false; // 128k, 90s, 120Hz… but 140Am is fine
            }
            if (tok.after() == '.' && next.number()) {
                return false; // 120.1 version strings read as 120, 1 only when '.' is not a decimal point
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- key

    /** A key as parsed at one position: the text and how many tokens it used. */
    private record KeyHit(String key, int tokens, boolean modeMarked) {
    }

    private static String fileKey(List<Token> t, boolean[] used) {
        if (chordLikeCount(t) >= 3) {
            return null; // a progression such as "Am F C G": its chords are not its key
        }
        String marked = modeKey(t, used);
        if (marked != null) {
            return marked;
        }
        for (int i = 0; i < t.size(); i++) {
            KeyHit hit = keyAt(t, i);
            if (hit != null && loneTonicAllowed(t, i)) {
                mark(used, i, hit.tokens());
                return hit.key();
            }
        }
        return null;
    }

    /** First key with an explicit mode ({@code Am}, {@code F# minor}) in the segment. */
    private static String modeKey(List<Token> t, boolean[] used) {
        for (int i = 0; i < t.size(); i++) {
            KeyHit hit = keyAt(t, i);
            if (hit != null && hit.modeMarked()) {
                mark(used, i, hit.tokens());
                return hit.key();
            }
        }
        return null;
    }

    private static boolean loneTonicAllowed(List<Token> t, int i) {
        Token tok = t.get(i);
        if (tok.glued() && i > 0 && t.get(i - 1).isWord()) {
            return false; // "PartB", "HatsA"
        }
        if (i == 0 && tok.raw().equals("A") && t.size() > 1 && t.get(1).isWord()) {
            return false; // "A Day In The Life"
        }
        if (i > 0 && NameDictionary.LETTER_LABELS.contains(t.get(i - 1).lower())) {
            return false;
        }
        if (i + 1 < t.size()) {
            String next = t.get(i + 1).lower();
            if (next.equals("side") || (tok.raw().equals("E") && NameDictionary.ELECTRIC.contains(next))) {
                return false;
            }
        }
        return true;
    }

    /** Parses a key starting at token {@code i}, or null. Rejects chords and other modes. */
    static KeyHit keyAt(List<Token> t, int i) {
        Token tok = t.get(i);
        String raw = tok.raw();
        if (!tok.isWord() || !NameTokenizer.isNoteLetter(raw.charAt(0))) {
            return null;
        }
        boolean upperTonic = Character.isUpperCase(raw.charAt(0));
        int pos = 1;
        char accidental = 0;
        if (pos < raw.length() && raw.charAt(pos) == '#') {
            accidental = '#';
            pos++;
        } else if (raw.regionMatches(true, pos, "sharp", 0, 5)) {
            accidental = '#';
            pos += 5;
        } else if (raw.regionMatches(true, pos, "flat", 0, 4)) {
            accidental = 'b';
            pos += 4;
        } else if (pos < raw.length() && raw.charAt(pos) == 'b') {
            accidental = 'b';
            pos++;
        }
        int used = 1;
        String suffix = raw.substring(pos);
        int mode = mode(suffix); // 1 major, 2 minor, 0 none, -1 not a key
        if (mode < 0) {
            return null;
        }
        // "F Sharp Minor", "B flat major": accidental as its own word
        if (accidental == 0 && mode == 0 && suffix.isEmpty() && i + used < t.size()) {
            String w = t.get(i + used).lower();
            if (w.equals("sharp") || w.equals("flat")) {
                accidental = w.equals("sharp") ? '#' : 'b';
                used++;
            }
        }
        if (mode == 0 && i + used < t.size()) {
            Token next = t.get(i + used);
            int m = next.isWord() ? modeWord(next.raw()) : 0;
            if (m > 0) {
                mode = m;
                used++;
            } else if (NameDictionary.OTHER_MODES.contains(next.lower())) {
                return null; // D Dorian, C Pentatonic, Bdim
            }
        }
        if (i + used < t.size()) {
            Token after = t.get(i + used);
            if (after.glued() && (after.number() && after.value() < 40 || NameDictionary.OTHER_MODES.contains(after.lower())
                    || after.lower().equals("maj"))) {
                return null; // chord or variation: Cmaj7, Am7, C7, A1, Cm(Maj)7
            }
        }
        if (mode == 0 && !upperTonic && accidental != '#') {
            return null; // lower-case lone letters are words ("a", "eb"), not keys
        }
        String tonic = Character.toUpperCase(raw.charAt(0)) + (accidental == 0 ? "" : String.valueOf(accidental));
        // the key's one spelling, whatever the name wrote: "A# major" is Bb major, "D# minor" Eb minor
        return new KeyHit(Keys.name(Keys.parse(tonic + (mode == 2 ? " minor" : " major"))), used, mode != 0);
    }

    /** Mode spelled inside the key token: "" none, m/min/minor, maj/major; -1 when the rest is something else. */
    private static int mode(String suffix) {
        if (suffix.isEmpty()) {
            return 0;
        }
        if (suffix.equals("m")) {
            return 2; // lower-case only: a capital M means major in chord charts and AM/FM elsewhere
        }
        int m = modeWord(suffix);
        return m > 0 ? m : -1;
    }

    private static int modeWord(String w) {
        String l = w.toLowerCase(Locale.ROOT);
        return switch (l) {
            case "min", "minor", "moll" -> 2;
            case "maj", "major", "dur" -> 1;
            default -> w.equals("m") ? 2 : 0;
        };
    }

    /** Tokens that look like chord symbols on their own: Am, F, C#m, Bb, G7, Dsus… */
    private static int chordLikeCount(List<Token> t) {
        int count = 0;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (!tok.isWord() || (tok.glued() && i > 0 && t.get(i - 1).isWord())) {
                continue;
            }
            String raw = tok.raw();
            if (!Character.isUpperCase(raw.charAt(0)) || !NameTokenizer.isNoteLetter(raw.charAt(0))) {
                continue;
            }
            String rest = raw.substring(1);
            if (rest.startsWith("#") || rest.startsWith("b")) {
                rest = rest.substring(1);
            }
            if (rest.isEmpty() || rest.equals("m") || rest.equals("min") || rest.equals("maj") || rest.equals("dim")
                    || rest.equals("aug") || rest.equals("sus") || rest.equals("add") || rest.equals("M")) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- genres, roles

    private static void phrases(List<Token> t, boolean[] used, List<String> genres, List<String> roles) {
        int i = 0;
        while (i < t.size()) {
            int len = phraseAt(t, i, used, genres, roles);
            i += Math.max(1, len);
        }
    }

    /** Matches the longest dictionary phrase at {@code i}; returns its length, 0 when none. */
    private static int phraseAt(List<Token> t, int i, boolean[] used, List<String> genres, List<String> roles) {
        if (used != null && used[i]) {
            return 0;
        }
        for (NameDictionary.Phrase p : NameDictionary.phrasesStartingWith(t.get(i).lower())) {
            String[] words = p.tokens();
            if (i + words.length > t.size()) {
                continue;
            }
            boolean match = true;
            for (int k = 1; k < words.length && match; k++) {
                match = t.get(i + k).lower().equals(words[k]) && (used == null || !used[i + k]);
            }
            if (!match) {
                continue;
            }
            if (p.value().equals("bass") && words[0].startsWith("808") && i > 0
                    && (t.get(i - 1).lower().equals("tr") || t.get(i - 1).lower().equals("roland"))) {
                return 0; // TR-808 is the drum machine, not an 808 bass
            }
            if (genres != null) {
                List<String> target = p.genre() ? genres : roles;
                if (!target.contains(p.value())) {
                    target.add(p.value());
                }
            }
            mark(used, i, words.length);
            return words.length;
        }
        return 0;
    }

    // ---------------------------------------------------------------- pack

    private static String pack(List<String> folders, List<Boolean> archive, List<List<Token>> tokens) {
        int n = folders.size();
        byte[] generic = new byte[n]; // 0 unknown, 1 generic, 2 not: computed only for the folders we look at
        for (int i = n - 1; i >= 0; i--) {
            if (archive.get(i) && !generic(i, folders, tokens, generic)) {
                return folders.get(i).trim();
            }
        }
        int bottom = n - 1;
        while (bottom >= 0 && generic(bottom, folders, tokens, generic)) {
            bottom--;
        }
        if (bottom < 0) {
            return null;
        }
        int top = bottom;
        while (top > 0 && !generic(top - 1, folders, tokens, generic)) {
            top--;
        }
        for (int i = bottom; i >= top; i--) {
            for (Token tok : tokens.get(i)) {
                if (NameDictionary.PACK_MARKERS.contains(tok.lower())) {
                    return folders.get(i).trim();
                }
            }
        }
        return folders.get(bottom).trim(); // nearest: the run's top is often an unknown prefix such as /srv/corpus7
    }

    private static boolean generic(int i, List<String> folders, List<List<Token>> tokens, byte[] memo) {
        if (memo[i] == 0) {
            boolean g = isGeneric(tokens.get(i))
                    || (i > 0 && NameDictionary.NAME_HOLDERS.contains(folders.get(i - 1).toLowerCase(Locale.ROOT)))
                    || (i == 0 && folders.get(0).length() == 2 && folders.get(0).charAt(1) == ':'); // C:
            memo[i] = (byte) (g ? 1 : 2);
        }
        return memo[i] == 1;
    }

    /** True when every word of the folder is a container/category word, genre, role, number, tempo or key. */
    private static boolean isGeneric(List<Token> t) {
        boolean[] used = new boolean[t.size()];
        for (int i = 0; i < t.size(); i++) {
            if (!used[i]) {
                phraseAt(t, i, used, null, null);
            }
        }
        for (int i = 0; i < t.size(); i++) {
            if (used[i]) {
                continue;
            }
            Token tok = t.get(i);
            if (tok.number() || tok.decimal() || NameDictionary.GENERIC.contains(tok.lower())) {
                continue;
            }
            KeyHit key = keyAt(t, i);
            if (key != null) {
                mark(used, i, key.tokens());
                continue;
            }
            return false;
        }
        return true;
    }

    private static void mark(boolean[] used, int i) {
        mark(used, i, 1);
    }

    private static void mark(boolean[] used, int i, int count) {
        if (used != null) {
            for (int k = i; k < i + count && k < used.length; k++) {
                used[k] = true;
            }
        }
    }
}
