package io.midicrate.query;

import java.util.List;

/**
 * How many contents match, and the top values among them (10 each, most frequent first).
 *
 * @param tempoBands  20-BPM bands named as the tempo tags are ({@code bpm-120-139})
 * @param tags        tags other than the key, meter, tempo and instrument ones (those have their own facet)
 */
public record Facets(long total, List<Count> keys, List<Count> tempoBands, List<Count> meters,
                     List<Count> instrumentFamilies, List<Count> tags) {

    /** Facets list this many values each. */
    public static final int TOP = 10;

    public record Count(String value, long count) {
    }
}
