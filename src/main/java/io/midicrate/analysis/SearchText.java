package io.midicrate.analysis;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The words a full-text search finds a file by: its paths, and the names and text its MIDI data carries. */
public final class SearchText {

    private static final int MAX_CHARS = 8000;
    /** Compiled once: {@code String.replaceAll} would compile it for every path of every file. */
    private static final Pattern SEPARATORS = Pattern.compile("[/_\\-.!()\\[\\]]+");

    private SearchText() {
    }

    public static String of(java.util.List<String> paths, Analysis analysis) {
        Set<String> parts = new LinkedHashSet<>();
        for (String path : paths) {
            // separators become spaces so "Dark_Hats-140" matches "dark" and "hats"
            parts.add(SEPARATORS.matcher(path).replaceAll(" ").trim());
        }
        Analysis.TextFacts text = analysis.text();
        parts.addAll(text.trackNames());
        parts.addAll(text.instrumentNames());
        parts.addAll(text.markers());
        if (text.copyright() != null) {
            parts.add(text.copyright());
        }
        String joined = String.join(" ", parts).replace('\0', ' ');
        return joined.length() > MAX_CHARS ? joined.substring(0, MAX_CHARS) : joined;
    }
}
