package io.midicrate.web.curation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.midicrate.query.SearchRow;
import io.midicrate.store.curation.Curations;

/**
 * What the templates read of curation ({@code @curation} in Thymeleaf), so a page shows stars, ratings and tags
 * without its controller knowing of them: one query for a page of rows.
 */
@Component("curation")
public class CurationView {

    private static final Curations.OfContent NOTHING = new Curations.OfContent(false, null, List.of(), List.of());

    private final Curations curations;
    private final CurationGate gate;

    CurationView(Curations curations, CurationGate gate) {
        this.curations = curations;
        this.gate = gate;
    }

    /** What is kept of each row's content. */
    public Map<Long, Curations.OfContent> rows(List<SearchRow> rows) {
        return curations.of(rows.stream().mapToLong(SearchRow::id).toArray());
    }

    public Curations.OfContent of(long contentId) {
        return curations.of(contentId);
    }

    /** What a content with nothing kept shows. */
    public Curations.OfContent none() {
        return NOTHING;
    }

    public List<Curations.CrateSize> crates() {
        return curations.crates();
    }

    /** Whether this browser must give the operator token before it can change anything. */
    public boolean locked() {
        return gate.locked(request().getSession(false));
    }

    /** This page's address, where a write without script comes back to (for htmx's swaps: the page htmx is on). */
    public String back() {
        HttpServletRequest request = request();
        String page = request.getHeader("HX-Current-URL");
        if (page != null) {
            try {
                URI uri = new URI(page);
                return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            } catch (URISyntaxException e) {
                return "/search";
            }
        }
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    private static HttpServletRequest request() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }
}
