package io.midicrate.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web page of {@code midicrate serve}.
 *
 * @param token the operator token that write actions on the page (restart, reprocess) require; blank keeps the page
 *              read-only
 * @param facetSample the search page's facets count at most this many matches (fewer are counted exactly): counting
 *                    every match of a common term takes seconds at a million files, each sampled match about 0.01-0.1 ms
 */
@ConfigurationProperties("midicrate.web")
public record WebProperties(@DefaultValue("") String token, @DefaultValue("2000") int facetSample) {

    public WebProperties {
        if (facetSample < 1) {
            throw new IllegalArgumentException("midicrate.web.facet-sample must be at least 1, not " + facetSample);
        }
    }

    public boolean writable() {
        return token != null && !token.isBlank();
    }
}
