package io.midicrate.query;

import java.util.List;

/**
 * How many contents match, and the top values among them (10 each, most frequent first; the tempo bands, nine at
 * most, in tempo order).
 *
 * @param total       how many contents match (always exact)
 * @param sampled     how many of the matches the facets were counted on: the total when exact, about {@link #SAMPLE}
 *                    for a larger match (their counts are then estimates, scaled to the total)
 * @param tempoBands  20-BPM bands named as the tempo tags are ({@code bpm-120-139})
 * @param tags        tags other than the key, meter, tempo and instrument ones (those have their own facet)
 * @param kept        what the user keeps, as the query terms that find it: {@code fav:yes}, then {@code rating:5} down
 *                    to {@code rating:1} (each present only when counted)
 * @param crates      crate names, most files first; {@code userTags} the user's own tags, most used first
 * @param progressions the commonest progressions, as numerals in each file's key
 */
public record Facets(long total, long sampled, List<Count> keys, List<Count> tempoBands, List<Count> meters,
                     List<Count> instrumentFamilies, List<Count> tags, List<Count> kept, List<Count> crates,
                     List<Count> userTags, List<Count> progressions) {

    /** Facets list this many values each. */
    public static final int TOP = 10;

    /** Above this many matches the facets are counted on a sample of about this many (a share's error is under 1.5%). */
    public static final int SAMPLE = 5_000;

    /** Whether the facet counts are estimates from a sample. */
    public boolean estimated() {
        return sampled < total;
    }

    public record Count(String value, long count) {
    }
}
