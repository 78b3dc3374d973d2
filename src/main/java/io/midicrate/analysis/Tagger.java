package io.midicrate.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags a file gets: from its names (genres and roles read from file and folder names) and from its content
 * (instrument families, drums, tempo band, key, time signature). Tag names are lower-case words joined by '-',
 * so a tag reads the same whoever made it.
 */
public final class Tagger {

    static final String FROM_NAME = "name";
    static final String FROM_CONTENT = "content";

    /**
     * Tags that name a flag of the content (it has drums, it is only drums): they come from the notes alone, so
     * {@code tag:drums} always agrees with {@code drums:yes}. A name that says "drums" (or "808") is a role read from the
     * names, found with {@code role:drums}.
     */
    static final java.util.Set<String> CONTENT_FLAGS = java.util.Set.of("drums", "drums-only");

    /** Compiled once, before FIXED_CATEGORY uses them ({@code String.replaceAll} compiles on every call). */
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASH = Pattern.compile("^-|-$");

    /**
     * A tag's category must not depend on who made it first: "piano" read from a file name and "Piano" the GM
     * family are one tag, and two partitions racing to create it must agree. Names that more than one source makes
     * get their category here.
     */
    private static final Map<String, String> FIXED_CATEGORY = fixedCategories();

    private Tagger() {
    }

    public static List<Tag> tags(List<String> nameGenres, List<String> nameRoles, Analysis analysis, Double bpm) {
        Map<String, Tag> tags = new LinkedHashMap<>();
        for (String genre : nameGenres) {
            add(tags, genre, "genre", FROM_NAME);
        }
        for (String role : nameRoles) {
            if (!CONTENT_FLAGS.contains(normalise(role))) {
                add(tags, role, "role", FROM_NAME);
            }
        }
        for (Analysis.ChannelInstrument channel : analysis.instruments().channels()) {
            add(tags, channel.family(), "instrument", FROM_CONTENT);
        }
        if (analysis.instruments().hasDrums()) {
            add(tags, "drums", "role", FROM_CONTENT);
        }
        if (analysis.instruments().drumsOnly()) {
            add(tags, "drums-only", "role", FROM_CONTENT);
        }
        if (bpm != null) {
            add(tags, bpmBand(bpm), "tempo", FROM_CONTENT);
        }
        if (analysis.key().finalName() != null) {
            add(tags, analysis.key().finalName(), "key", FROM_CONTENT);
        }
        add(tags, analysis.time().numerator() + "-" + analysis.time().denominator(), "meter", FROM_CONTENT);
        return new ArrayList<>(tags.values());
    }

    /** 20-BPM bands, named by their bounds: bpm-120-139; bpm-under-60 and bpm-200-plus at the ends. */
    public static String bpmBand(double bpm) {
        if (bpm < 60) {
            return "bpm-under-60";
        }
        if (bpm >= 200) {
            return "bpm-200-plus";
        }
        int low = (int) (Math.floor(bpm / 20) * 20);
        return "bpm-" + low + "-" + (low + 19);
    }

    private static final Pattern BAND = Pattern.compile("bpm-(\\d{1,3})-\\d{1,3}");

    /**
     * Tempo bands in tempo order (bpm-under-60, bpm-60-79, ..., bpm-100-119, ..., bpm-200-plus), not as text, where
     * bpm-100-119 would come before bpm-60-79; any other name after them, by name.
     */
    public static final Comparator<String> BY_TEMPO = Comparator.comparingInt(Tagger::bandLow)
            .thenComparing(Comparator.naturalOrder());

    /** The lowest tempo a band holds (bpm-under-60: 0, bpm-200-plus: 200), or past every band for another name. */
    private static int bandLow(String band) {
        if (band.equals("bpm-under-60")) {
            return 0;
        }
        if (band.equals("bpm-200-plus")) {
            return 200;
        }
        Matcher low = BAND.matcher(band);
        return low.matches() ? Integer.parseInt(low.group(1)) : Integer.MAX_VALUE;
    }

    public static String normalise(String name) {
        String dashed = NOT_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT).replace("#", "-sharp")).replaceAll("-");
        return EDGE_DASH.matcher(dashed).replaceAll("");
    }

    private static void add(Map<String, Tag> tags, String raw, String category, String source) {
        if (raw == null) {
            return;
        }
        String name = normalise(raw);
        if (!name.isEmpty()) {
            tags.putIfAbsent(name, new Tag(name, FIXED_CATEGORY.getOrDefault(name, category), source));
        }
    }

    private static Map<String, String> fixedCategories() {
        Map<String, String> fixed = new java.util.HashMap<>();
        for (int program = 0; program < 128; program++) {
            fixed.put(normalise(GeneralMidi.family(program)), "instrument");
        }
        fixed.put(normalise(GeneralMidi.DRUM_FAMILY), "role");
        fixed.put("drums-only", "role");
        return Map.copyOf(fixed);
    }
}
