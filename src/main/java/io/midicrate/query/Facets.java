package io.midicrate.query;

import java.util.List;

/**
 * How many contents match, and the top values among them (10 each, most frequent first).
 *
 * @param sampled     how many of the matches the instrument and tag facets were counted on: the total when exact,
 *                    about {@link #SAMPLE} for a larger match (their counts are then estimates, scaled to the total)
 * @param tempoBands  20-BPM bands named as the tempo tags are ({@code bpm-120-139})
 * @param tags        tags other than the key, meter, tempo and instrument ones (those have their own facet)
 */
public record Facets(long total, long sampled, List<Count> keys, List<Count> tempoBands, List<Count> meters,
                     List<Count> instrumentFamilies, List<Count> tags) {

    /** Facets list this many values each. */
    public static final int TOP = 10;

    /** Above this many matches the instrument and tag facets are counted on a sample of about this many. */
    public static final int SAMPLE = 20_000;

    /** Whether the instrument and tag counts are estimates from a sample. */
    public boolean estimated() {
        return sampled < total;
    }

    public record Count(String value, long count) {
    }
}
