package io.midicrate.query;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.midicrate.analysis.Chord;
import io.midicrate.analysis.GeneralMidi;
import io.midicrate.analysis.Progression;
import io.midicrate.analysis.ProgressionSearch;
import io.midicrate.analysis.RomanNumerals;
import io.midicrate.analysis.Tagger;
import io.midicrate.library.PathGlob;
import io.midicrate.library.UserTags;

/**
 * The query language, modelled on beets: space-separated terms, all must hold.
 * <ul>
 * <li>{@code field:value}, {@code field:a..b} (either end may be left open), a bare word or a {@code "quoted phrase"}
 * (full text; inside quotes {@code \"} and {@code \\} escape);</li>
 * <li>a leading {@code -} (or beets' {@code ^}, which a shell never takes for an option) negates a term; {@code ,} inside
 * a value means OR;</li>
 * <li>a trailing {@code ~} on {@code key} adds the Camelot neighbours, on {@code bpm} half and double time.</li>
 * </ul>
 * Every mistake is a {@link QuerySyntaxException} quoting the term.
 */
public final class QueryParser {

    private static final String FIELDS = "key, bpm, meter, bars, duration, notes, tracks, inst, drums, tag, path, pack, "
            + "genre, role, status, dupes, id, imported, fav, rating, utag, crate, chord, chords, prog, like";
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern METER = Pattern.compile("(\\d{1,3})/(\\d{1,3})");
    private static final Pattern RANGE_DOTS = Pattern.compile("\\.\\.");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern FIELD = Pattern.compile("([a-zA-Z]+):(.*)", Pattern.DOTALL);

    private QueryParser() {
    }

    /** Parses a query as typed in one string (the web box, or the CLI's arguments joined by spaces). */
    public static Query parse(String query) {
        return parse(query, false);
    }

    /**
     * @param compatible as if every {@code key} and {@code bpm} term ended with {@code ~} (the CLI's --compatible)
     */
    public static Query parse(String query, boolean compatible) {
        List<Query.Term> terms = new ArrayList<>();
        for (RawTerm raw : lex(query)) {
            terms.add(term(raw, compatible));
        }
        if (terms.stream().filter(t -> t instanceof Query.Like).count() > 1) {
            throw new QuerySyntaxException(query.strip(), "one like: term (like:ID names one file)");
        }
        return new Query(terms, query.strip());
    }

    /** The CLI's arguments: joined by spaces, so quoting works the same in a shell and in the web box. */
    public static Query parse(List<String> args, boolean compatible) {
        return parse(String.join(" ", args), compatible);
    }

    /** One lexed term: its text as written, and its value with the quotes removed. */
    private record RawTerm(String source, boolean negated, String field, String value, boolean quoted) {
    }

    private static List<RawTerm> lex(String query) {
        List<RawTerm> terms = new ArrayList<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            if (Character.isWhitespace(query.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder value = new StringBuilder();
            boolean quoted = false;
            while (i < n && !Character.isWhitespace(query.charAt(i))) {
                char ch = query.charAt(i);
                if (ch == '"') {
                    quoted = true;
                    int close = i + 1;
                    while (close < n && query.charAt(close) != '"') {
                        if (query.charAt(close) == '\\' && close + 1 < n) {
                            close++;
                        }
                        value.append(query.charAt(close));
                        close++;
                    }
                    if (close >= n) {
                        throw new QuerySyntaxException(query.substring(start).strip(), "the quote is not closed");
                    }
                    i = close + 1;
                } else {
                    value.append(ch);
                    i++;
                }
            }
            terms.add(raw(query.substring(start, i), value.toString(), quoted));
        }
        return terms;
    }

    private static RawTerm raw(String source, String text, boolean quoted) {
        boolean negated = false;
        String rest = text;
        if ((source.startsWith("-") || source.startsWith("^")) && source.length() > 1) {
            negated = true;
            rest = rest.substring(1);
        }
        Matcher field = FIELD.matcher(rest);
        // a colon inside the quotes ("a:b") is text, not a field
        int colon = source.indexOf(':');
        int quote = source.indexOf('"');
        if (field.matches() && (quote < 0 || colon < quote)) {
            return new RawTerm(source, negated, field.group(1).toLowerCase(Locale.ROOT), field.group(2), quoted);
        }
        return new RawTerm(source, negated, null, rest, quoted);
    }

    private static Query.Term term(RawTerm raw, boolean compatibleAll) {
        String src = raw.source();
        if (raw.field() == null) {
            return text(raw);
        }
        String value = raw.value();
        boolean compatible = compatibleAll;
        if (value.endsWith("~")) {
            compatible = true;
            value = value.substring(0, value.length() - 1);
        }
        if (value.isBlank()) {
            throw new QuerySyntaxException(src, "a value after '" + raw.field() + ":'");
        }
        boolean compatibleWritten = value.length() != raw.value().length();
        String field = raw.field();
        if (compatibleWritten && !field.equals("key") && !field.equals("bpm")) {
            throw new QuerySyntaxException(src, "'~' (musician's matching) only after key or bpm");
        }
        boolean neg = raw.negated();
        return switch (field) {
            case "key" -> keys(src, value, compatible, neg);
            case "bpm" -> numeric(src, Query.NumericField.BPM, value, compatible, neg);
            case "bars" -> numeric(src, Query.NumericField.BARS, value, false, neg);
            case "duration" -> numeric(src, Query.NumericField.DURATION, value, false, neg);
            case "notes" -> numeric(src, Query.NumericField.NOTES, value, false, neg);
            case "tracks" -> numeric(src, Query.NumericField.TRACKS, value, false, neg);
            case "id" -> numeric(src, Query.NumericField.ID, value, false, neg);
            case "imported" -> numeric(src, Query.NumericField.IMPORTED, value, false, neg);
            case "meter" -> meters(src, value, neg);
            case "inst", "instrument" -> instruments(src, value, neg);
            case "drums" -> drums(src, value, neg);
            case "tag" -> new Query.Tags(normalised(src, value, "a tag name"), neg, src);
            case "path" -> paths(src, value, neg);
            case "pack" -> new Query.Pack(values(src, value).stream().map(v -> v.toLowerCase(Locale.ROOT)).toList(), neg, src);
            case "genre" -> new Query.NameWords(Query.NameField.GENRE, normalised(src, value, "a genre"), neg, src);
            case "role" -> new Query.NameWords(Query.NameField.ROLE, normalised(src, value, "a role"), neg, src);
            case "status" -> status(src, value, neg);
            case "dupes" -> dupes(src, value, neg);
            case "fav" -> favourite(src, value, neg);
            case "rating" -> rating(src, value, neg);
            case "utag" -> userTags(src, value, neg);
            case "crate" -> new Query.Crates(values(src, value), neg, src);
            case "chord" -> chords(src, value, neg);
            case "chords" -> numeric(src, Query.NumericField.CHORDS, value, false, neg);
            case "prog", "progression" -> progressions(src, value, neg);
            case "like" -> like(src, value, neg);
            default -> throw new QuerySyntaxException(src, "a known field (" + FIELDS + ")");
        };
    }

    private static Query.Text text(RawTerm raw) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(raw.value());
        while (m.find()) {
            words.add(m.group());
        }
        if (words.isEmpty()) {
            throw new QuerySyntaxException(raw.source(), "a word with letters or digits (or field:value)");
        }
        return new Query.Text(words, raw.quoted(), raw.negated(), raw.source());
    }

    private static List<String> values(String src, String value) {
        List<String> values = new ArrayList<>();
        for (String v : value.split(",", -1)) {
            if (v.isBlank()) {
                throw new QuerySyntaxException(src, "a value on each side of ','");
            }
            values.add(v.strip());
        }
        return values;
    }

    private static List<String> normalised(String src, String value, String what) {
        List<String> names = new ArrayList<>();
        for (String v : values(src, value)) {
            String name = Tagger.normalise(v);
            if (name.isEmpty()) {
                throw new QuerySyntaxException(src, what + " with letters or digits");
            }
            names.add(name);
        }
        return names;
    }

    private static Query.Keys keys(String src, String value, boolean compatible, boolean neg) {
        Set<Integer> keys = new LinkedHashSet<>();
        for (String v : values(src, value)) {
            int key = Camelot.parse(v);
            if (key < 0) {
                throw new QuerySyntaxException(src, "a key like Am, \"A minor\", F#, Bbm or a Camelot code 1A..12B");
            }
            keys.addAll(compatible ? Camelot.compatible(key) : Set.of(key));
        }
        return new Query.Keys(keys, compatible, neg, src);
    }

    private static Query.Numeric numeric(String src, Query.NumericField field, String value, boolean compatible,
                                         boolean neg) {
        boolean measured = field == Query.NumericField.BPM || field == Query.NumericField.BARS
                || field == Query.NumericField.DURATION;
        String expected = measured ? "a number or a range like 120..128, ..8 or 30.."
                : "a whole number or a range like 10..20, ..8 or 30..";
        List<Query.Range> ranges = new ArrayList<>();
        for (String v : values(src, value)) {
            Matcher dotsAt = RANGE_DOTS.matcher(v);
            int dots = dotsAt.find() ? dotsAt.start() : -1;
            Query.Range range;
            if (dots < 0) {
                double x = number(src, v, measured, expected);
                range = measured ? new Query.Range(Math.max(0, x - 0.5), x + 0.5, true) : new Query.Range(x, x, false);
            } else {
                String lo = v.substring(0, dots).strip();
                String hi = v.substring(dots + 2).strip();
                if (lo.isEmpty() && hi.isEmpty()) {
                    throw new QuerySyntaxException(src, expected);
                }
                Double low = lo.isEmpty() ? null : number(src, lo, measured, expected);
                Double high = hi.isEmpty() ? null : number(src, hi, measured, expected);
                if (low != null && high != null && high < low) {
                    throw new QuerySyntaxException(src, "a range whose end is not below its start");
                }
                range = new Query.Range(low, high, false);
            }
            ranges.add(range);
            if (compatible) {
                ranges.add(scaled(range, 0.5));
                ranges.add(scaled(range, 2));
            }
        }
        return new Query.Numeric(field, ranges, compatible, neg, src);
    }

    private static Query.Range scaled(Query.Range r, double factor) {
        return new Query.Range(r.low() == null ? null : r.low() * factor, r.high() == null ? null : r.high() * factor,
                r.highExclusive());
    }

    private static double number(String src, String text, boolean decimals, String expected) {
        if (!NUMBER.matcher(text).matches() || (!decimals && text.contains(".")) || text.length() > 15) {
            throw new QuerySyntaxException(src, expected);
        }
        return Double.parseDouble(text);
    }

    private static Query.Meters meters(String src, String value, boolean neg) {
        List<String> meters = new ArrayList<>();
        for (String v : values(src, value)) {
            Matcher m = METER.matcher(v);
            if (!m.matches()) {
                throw new QuerySyntaxException(src, "a meter like 4/4, 3/4 or 6/8");
            }
            meters.add(Integer.parseInt(m.group(1)) + "/" + Integer.parseInt(m.group(2)));
        }
        return new Query.Meters(meters, neg, src);
    }

    private static Query.Instruments instruments(String src, String value, boolean neg) {
        List<String> families = new ArrayList<>();
        List<Integer> programs = new ArrayList<>();
        for (String v : values(src, value)) {
            String name = Tagger.normalise(v);
            String family = family(name);
            if (family != null) {
                families.add(family);
                continue;
            }
            int before = programs.size();
            for (int p = 0; p < 128; p++) {
                String program = "-" + Tagger.normalise(GeneralMidi.programName(p)) + "-";
                if (!name.isEmpty() && program.contains("-" + name + "-")) {
                    programs.add(p);
                }
            }
            if (programs.size() == before) {
                throw new QuerySyntaxException(src, "a General MIDI family (piano, bass, guitar, strings, drums, "
                        + "synth-lead ...) or program name (violin, \"synth bass\" ...)");
            }
        }
        return new Query.Instruments(families, programs, neg, src);
    }

    /** The stored family a normalised name denotes, or null. */
    private static String family(String name) {
        if (name.equals(Tagger.normalise(GeneralMidi.DRUM_FAMILY)) || name.equals("drum")) {
            return GeneralMidi.DRUM_FAMILY;
        }
        for (int p = 0; p < 128; p += 8) {
            if (Tagger.normalise(GeneralMidi.family(p)).equals(name)) {
                return GeneralMidi.family(p);
            }
        }
        return null;
    }

    private static Query.Drums drums(String src, String value, boolean neg) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> new Query.Drums(Query.DrumsValue.YES, neg, src);
            case "no", "false" -> new Query.Drums(Query.DrumsValue.NO, neg, src);
            case "only" -> new Query.Drums(Query.DrumsValue.ONLY, neg, src);
            default -> throw new QuerySyntaxException(src, "drums:yes, drums:no or drums:only");
        };
    }

    private static Query.Paths paths(String src, String value, boolean neg) {
        List<String> patterns = values(src, value);
        for (String p : patterns) {
            try {
                if (PathGlob.isGlob(p)) {
                    PathGlob.regex(p);
                }
            } catch (IllegalArgumentException e) {
                throw new QuerySyntaxException(src, "a path glob: " + e.getMessage());
            }
        }
        return new Query.Paths(patterns, neg, src);
    }

    private static Query.Status status(String src, String value, boolean neg) {
        Set<Query.StatusValue> values = EnumSet.noneOf(Query.StatusValue.class);
        for (String v : values(src, value)) {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "ok" -> values.add(Query.StatusValue.OK);
                case "failed" -> values.add(Query.StatusValue.FAILED);
                case "pending" -> values.add(Query.StatusValue.PENDING);
                default -> throw new QuerySyntaxException(src, "status:ok, status:failed or status:pending");
            }
        }
        return new Query.Status(values, neg, src);
    }

    private static Query.Dupes dupes(String src, String value, boolean neg) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> new Query.Dupes(true, neg, src);
            case "no", "false" -> new Query.Dupes(false, neg, src);
            default -> throw new QuerySyntaxException(src, "dupes:yes or dupes:no");
        };
    }

    private static Query.Favourite favourite(String src, String value, boolean neg) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> new Query.Favourite(true, neg, src);
            case "no", "false" -> new Query.Favourite(false, neg, src);
            default -> throw new QuerySyntaxException(src, "fav:yes or fav:no");
        };
    }

    /** {@code rating:4..}: whole ratings 1..5, single or ranges as for other counts. */
    private static Query.Numeric rating(String src, String value, boolean neg) {
        Query.Numeric rating = numeric(src, Query.NumericField.RATING, value, false, neg);
        for (Query.Range r : rating.ranges()) {
            if ((r.low() != null && (r.low() < 1 || r.low() > 5)) || (r.high() != null && (r.high() < 1 || r.high() > 5))) {
                throw new QuerySyntaxException(src, "a rating from 1 to 5 or a range like 4.., ..2 or 2..3");
            }
        }
        return rating;
    }

    private static Query.UserTags userTags(String src, String value, boolean neg) {
        List<String> tags = new ArrayList<>();
        for (String v : values(src, value)) {
            try {
                tags.add(UserTags.normalise(v));
            } catch (IllegalArgumentException e) {
                throw new QuerySyntaxException(src, e.getMessage());
            }
        }
        return new Query.UserTags(tags, neg, src);
    }

    private static Query.Chords chords(String src, String value, boolean neg) {
        List<Integer> codes = new ArrayList<>();
        for (String v : values(src, value)) {
            codes.add(chord(src, v).code());
        }
        return new Query.Chords(codes, neg, src);
    }

    /** A chord as a user writes it, in root position (chord: and prog: compare roots and qualities, not the bass). */
    private static Chord chord(String src, String text) {
        try {
            return Chord.parse(text).rootPosition();
        } catch (IllegalArgumentException e) {
            throw new QuerySyntaxException(src, e.getMessage().replaceFirst("^not a chord: ", "a chord, not "));
        }
    }

    /**
     * {@code prog:"i VI III VII"}: a run of numerals (spaces or dashes between them), read in minor when the run has a
     * minor tonic ({@code i}), else in major; or a run of chord names. Any of several runs ({@code ,}).
     */
    private static Query.Progressions progressions(String src, String value, boolean neg) {
        List<String> shapePatterns = new ArrayList<>();
        List<String> chordPatterns = new ArrayList<>();
        for (String v : values(src, value)) {
            List<String> tokens = List.of(v.strip().split("\\s+|(?<=[IViv0-9o+h])-(?=[#b]?[IViv])"));
            if (tokens.size() > Progression.CAP) {
                throw new QuerySyntaxException(src, "a run of at most " + Progression.CAP + " chords");
            }
            boolean numerals = NUMERAL.matcher(tokens.get(0)).lookingAt();
            List<Chord> run = new ArrayList<>();
            if (numerals) {
                boolean minor = tokens.stream().anyMatch(t -> MINOR_TONIC.matcher(t).matches());
                for (String t : tokens) {
                    try {
                        run.add(RomanNumerals.chord(t, minor ? 12 : 0)); // in C: the shape is the same in every key
                    } catch (IllegalArgumentException e) {
                        throw new QuerySyntaxException(src, "numerals like i VI III VII or chords like Am F C G ("
                                + e.getMessage() + ")");
                    }
                }
                chordPatterns.add("");
            } else {
                for (String t : tokens) {
                    run.add(chord(src, t));
                }
                chordPatterns.add(ProgressionSearch.chordPattern(run));
            }
            shapePatterns.add(ProgressionSearch.shapePattern(run));
        }
        return new Query.Progressions(shapePatterns, chordPatterns, neg, src);
    }

    /** Numerals start with I or V (after an accidental), which no chord name does. */
    private static final Pattern NUMERAL = Pattern.compile("[#b♯♭]*[IViv]");
    private static final Pattern MINOR_TONIC = Pattern.compile("i(7|6|m7|add6)?");

    private static Query.Like like(String src, String value, boolean neg) {
        if (neg) {
            throw new QuerySyntaxException(src, "like: without '-' (it ranks by sound; it does not exclude)");
        }
        if (!value.strip().matches("\\d{1,18}")) {
            throw new QuerySyntaxException(src, "like:ID, the id of a file in the library (as search lists it)");
        }
        return new Query.Like(Long.parseLong(value.strip()), false, src);
    }
}
