package io.midicrate.query;

import java.util.List;
import java.util.Set;

/**
 * A parsed query: every term must hold. Built only by {@link QueryParser}; the query layer turns it into SQL with
 * bound parameters, so no user string ever becomes SQL text.
 *
 * @param terms  the terms, in the order written
 * @param source the query as the user wrote it
 */
public record Query(List<Term> terms, String source) {

    public Query {
        terms = List.copyOf(terms);
    }

    /** The query that matches every content. */
    public static Query all() {
        return new Query(List.of(), "");
    }

    /** Whether the query has full-text words (relevance sorting needs them). */
    public boolean hasText() {
        return terms.stream().anyMatch(t -> t instanceof Text && !t.negated());
    }

    /**
     * One term. {@code negated} is a leading '-' or '^': the term must not hold. {@code source} is the term as written.
     */
    public sealed interface Term permits Text, Numeric, Keys, Meters, Instruments, Drums, Tags, Paths, NameWords,
            Pack, Status, Dupes, Favourite, UserTags, Crates, Chords, Progressions, Like {
        boolean negated();

        String source();
    }

    /** A bare word or a quoted phrase: full text over names, folders, track names, markers and text meta. */
    public record Text(List<String> words, boolean phrase, boolean negated, String source) implements Term {
        public Text {
            words = List.copyOf(words);
        }
    }

    /** Numeric fields. */
    public enum NumericField { BPM, BARS, DURATION, NOTES, TRACKS, ID, IMPORTED, RATING, CHORDS }

    /**
     * A closed range; a null end is open. For {@code bpm}, {@code bars}, {@code duration} a single value {@code v}
     * is the range [v - 0.5, v + 0.5) (values are measured, not counted); see {@link QueryParser}.
     */
    public record Range(Double low, Double high, boolean highExclusive) {
    }

    /**
     * {@code bpm:120..128}, {@code bars:..8}, {@code id:5,9}: any of the ranges. With {@code ~} (bpm only) the
     * half- and double-time ranges are already added to {@code ranges}.
     */
    public record Numeric(NumericField field, List<Range> ranges, boolean compatible, boolean negated, String source)
            implements Term {
        public Numeric {
            ranges = List.copyOf(ranges);
        }
    }

    /** {@code key:Am}, {@code key:8A~}: key indices 0..11 major C..B, 12..23 minor; {@code ~} neighbours included. */
    public record Keys(Set<Integer> keyIndexes, boolean compatible, boolean negated, String source) implements Term {
        public Keys {
            keyIndexes = Set.copyOf(keyIndexes);
        }
    }

    /** {@code meter:3/4,6/8}. */
    public record Meters(List<String> meters, boolean negated, String source) implements Term {
        public Meters {
            meters = List.copyOf(meters);
        }
    }

    /** {@code inst:bass}: GM families (as stored, e.g. "Bass", "Drums") or GM program numbers of pitched channels. */
    public record Instruments(List<String> families, List<Integer> programs, boolean negated, String source)
            implements Term {
        public Instruments {
            families = List.copyOf(families);
            programs = List.copyOf(programs);
        }
    }

    public enum DrumsValue { YES, NO, ONLY }

    /** {@code drums:yes|no|only}. */
    public record Drums(DrumsValue value, boolean negated, String source) implements Term {
    }

    /** {@code tag:house,techno}: tag names, normalised as the tagger writes them. */
    public record Tags(List<String> names, boolean negated, String source) implements Term {
        public Tags {
            names = List.copyOf(names);
        }
    }

    /** {@code path:...}: any path of the content matches a glob, an absolute prefix, or holds a relative text. */
    public record Paths(List<String> patterns, boolean negated, String source) implements Term {
        public Paths {
            patterns = List.copyOf(patterns);
        }
    }

    public enum NameField { GENRE, ROLE }

    /** {@code genre:house}, {@code role:bass}: what the file and folder names say, normalised. */
    public record NameWords(NameField field, List<String> values, boolean negated, String source) implements Term {
        public NameWords {
            values = List.copyOf(values);
        }
    }

    /** {@code pack:"Acme Trap"}: the pack read from the names, case-insensitive; {@code *} is a wildcard. */
    public record Pack(List<String> patterns, boolean negated, String source) implements Term {
        public Pack {
            patterns = List.copyOf(patterns);
        }
    }

    public enum StatusValue { OK, FAILED, PENDING }

    /** {@code status:ok|failed|pending}. */
    public record Status(Set<StatusValue> values, boolean negated, String source) implements Term {
        public Status {
            values = Set.copyOf(values);
        }
    }

    /** {@code dupes:yes}: held at more than one path; {@code dupes:no}: at one. */
    public record Dupes(boolean atSeveralPaths, boolean negated, String source) implements Term {
    }

    /** {@code fav:yes}: starred by the user; {@code fav:no}: not. */
    public record Favourite(boolean starred, boolean negated, String source) implements Term {
    }

    /** {@code utag:dark,late}: any of the user's own tags (lower case), never the derived ones. */
    public record UserTags(List<String> tags, boolean negated, String source) implements Term {
        public UserTags {
            tags = List.copyOf(tags);
        }
    }

    /** {@code crate:"Trap drums"}: in any of these crates (names in any case). */
    public record Crates(List<String> names, boolean negated, String source) implements Term {
        public Crates {
            names = List.copyOf(names);
        }
    }

    /** {@code chord:Am7,Dm7}: sounds any of these chords (root and quality; {@link io.midicrate.analysis.Chord#code}). */
    public record Chords(List<Integer> codes, boolean negated, String source) implements Term {
        public Chords {
            codes = List.copyOf(codes);
        }
    }

    /**
     * {@code prog:"i VI III VII"} or {@code prog:"Am F C G"}: the progression holds any of these runs of chords. A run
     * of numerals is matched by its shape, in every key ({@link io.midicrate.analysis.ProgressionSearch}); a run of
     * chord names by the names.
     *
     * @param shapePatterns {@code LIKE} patterns over the shape, one per run
     * @param chordPatterns  {@code LIKE} patterns over the chord names, one per run: "" for a run of numerals
     */
    public record Progressions(List<String> shapePatterns, List<String> chordPatterns, boolean negated, String source)
            implements Term {
        public Progressions {
            shapePatterns = List.copyOf(shapePatterns);
            chordPatterns = List.copyOf(chordPatterns);
        }
    }

    /**
     * {@code like:42}: the files that sound most like content 42 (at most {@link #LIKE_NEAREST}, nearest first by
     * default), among those matching the query's other terms; never the file itself.
     */
    public record Like(long contentId, boolean negated, String source) implements Term {
    }

    /** How many nearest files a {@code like:} term keeps. */
    public static final int LIKE_NEAREST = 50;

    /** The like: term, or null. */
    public Like like() {
        return (Like) terms.stream().filter(t -> t instanceof Like).findFirst().orElse(null);
    }
}
