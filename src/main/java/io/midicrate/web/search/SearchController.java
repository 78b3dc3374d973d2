package io.midicrate.web.search;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.midicrate.web.WebErrors;
import io.midicrate.analysis.Keys;
import io.midicrate.analysis.Tagger;
import io.midicrate.common.OperatorException;
import io.midicrate.query.Camelot;
import io.midicrate.query.Cursor;
import io.midicrate.query.Facets;
import io.midicrate.query.FacetCounts;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.ResultFormats;
import io.midicrate.query.SearchPage;
import io.midicrate.query.Sort;
import io.midicrate.web.WebProperties;

/**
 * The search page: the query language in one box (the same parser and query layer as {@code midicrate search}),
 * the parse error under it, facets that narrow the query, sortable columns, keyset paging; the query, sort and
 * cursor live in the URL so a search can be bookmarked.
 */
@Controller
class SearchController {

    static final int PAGE_SIZE = 50;


    /** A facet value and the query it narrows to. */
    record FacetLink(String label, long count, String query) {
    }

    record FacetGroup(String title, List<FacetLink> links) {
    }

    private final LibrarySearch search;
    private final FacetCounts facets;
    /** The facets count at most this many matches ({@code midicrate.web.facet-sample}); fewer are counted exactly. */
    private final int facetSample;

    SearchController(LibrarySearch search, FacetCounts facets, WebProperties properties) {
        this.search = search;
        this.facets = facets;
        this.facetSample = properties.facetSample();
    }

    @GetMapping("/search")
    ModelAndView search(@RequestParam(name = "q", defaultValue = "") String q,
                        @RequestParam(name = "sort", required = false) String sortName,
                        @RequestParam(name = "after", required = false) String after, Model model) {
        ModelAndView page = new ModelAndView("search", model.asMap());
        String text = q.strip();
        page.addObject("q", text);
        page.addObject("sort", sortName == null ? "" : sortName.toLowerCase(Locale.ROOT));
        Query query;
        Sort sort;
        Cursor cursor;
        try {
            query = text.isEmpty() ? Query.all() : QueryParser.parse(text);
            sort = sortName == null || sortName.isBlank() ? null : Sort.parse(sortName);
            cursor = after == null || after.isBlank() ? null : Cursor.parse(after);
        } catch (OperatorException e) { // a QuerySyntaxException quotes the bad term
            page.addObject("error", WebErrors.message(e));
            page.setStatus(HttpStatus.BAD_REQUEST);
            return page;
        }
        SearchPage results;
        try {
            results = search.search(query, sort, PAGE_SIZE, cursor);
        } catch (OperatorException e) { // a cursor of another order
            page.addObject("error", WebErrors.message(e));
            page.setStatus(HttpStatus.BAD_REQUEST);
            return page;
        }
        page.addObject("effectiveSort", LibrarySearch.effectiveSort(query, sort).name().toLowerCase(Locale.ROOT));
        page.addObject("rows", results.rows());
        page.addObject("next", results.next() == null ? null : results.next().token());
        page.addObject("paged", cursor != null);
        return page;
    }

    /**
     * The count and facets of a query (of a sample when more than {@link #facetSample} match): loaded by the page
     * after its rows, and a page of its own without script.
     */
    @GetMapping("/search/facets")
    ModelAndView facets(@RequestParam(name = "q", defaultValue = "") String q) {
        String text = q.strip();
        Query query;
        try {
            query = text.isEmpty() ? Query.all() : QueryParser.parse(text);
        } catch (OperatorException e) {
            ModelAndView refused = new ModelAndView("search :: facets");
            refused.addObject("error", e.getMessage());
            refused.setStatus(HttpStatus.BAD_REQUEST);
            return refused;
        }
        Facets counted = facets.countFirst(query, facetSample);
        ModelAndView fragment = new ModelAndView("search :: facets");
        fragment.addObject("q", text);
        fragment.addObject("total", counted.total());
        fragment.addObject("sampled", counted.total() > facetSample);
        fragment.addObject("sample", facetSample);
        fragment.addObject("facets", facetGroups(text, counted));
        return fragment;
    }

    /**
     * Every match of the URL's query (not just a page) as CSV or M3U, in the page's order, streamed page by page
     * from the query layer with the formatter {@code midicrate search --format} uses. A bad query, sort or format
     * is refused before anything is sent (a 400 page).
     */
    @GetMapping("/search/download")
    ResponseEntity<StreamingResponseBody> download(@RequestParam(name = "q", defaultValue = "") String q,
                                                   @RequestParam(name = "sort", required = false) String sortName,
                                                   @RequestParam(name = "format", defaultValue = "csv") String formatName) {
        String text = q.strip();
        Query query = text.isEmpty() ? Query.all() : QueryParser.parse(text);
        Sort sort = sortName == null || sortName.isBlank() ? null : Sort.parse(sortName);
        ResultFormats.Format format = ResultFormats.Format.parse(formatName);
        StreamingResponseBody body = stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            ResultFormats.RowWriter writer = ResultFormats.writer(format, out);
            search.forEachMatch(query, sort, writer::write);
            writer.finish();
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType() + ";charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("midicrate-search." + format.extension()).build().toString())
                .body(body);
    }

    static List<FacetGroup> facetGroups(String q, Facets facets) {
        List<FacetGroup> groups = new ArrayList<>();
        groups.add(group("Keys", q, facets.keys(), v -> {
            int key = Keys.parse(v);
            return key < 0 ? null : "key:" + Camelot.code(key);
        }, v -> {
            int key = Keys.parse(v);
            return key < 0 ? v : v + " · " + Camelot.code(key);
        }));
        groups.add(group("Tempo", q, facets.tempoBands(), v -> "tag:" + v, v -> v.replace("bpm-", "").replace("-", "–")
                .replace("under–60", "under 60").replace("200–plus", "200+") + " BPM"));
        groups.add(group("Meters", q, facets.meters(), v -> "meter:" + v, v -> v));
        groups.add(group("Instruments", q, facets.instrumentFamilies(), v -> "inst:" + Tagger.normalise(v), v -> v));
        groups.add(group("Tags", q, facets.tags(), v -> "tag:" + v, v -> v));
        groups.add(group("Yours", q, facets.kept(), v -> v, v -> v.equals("fav:yes") ? "★ starred" : "rated " + v.substring(7)));
        groups.add(group("Crates", q, facets.crates(),
                v -> "crate:\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"", v -> v));
        groups.add(group("Your tags", q, facets.userTags(), v -> "utag:" + v, v -> v));
        groups.add(group("Progressions", q, facets.progressions(), v -> "prog:\"" + v + "\"", v -> v));
        groups.removeIf(g -> g.links().isEmpty());
        return groups;
    }

    private static FacetGroup group(String title, String q, List<Facets.Count> counts,
                                    java.util.function.Function<String, String> term,
                                    java.util.function.Function<String, String> label) {
        List<FacetLink> links = new ArrayList<>();
        for (Facets.Count c : counts) {
            String t = term.apply(c.value());
            if (t == null) {
                continue;
            }
            links.add(new FacetLink(label.apply(c.value()), c.count(), narrow(q, t)));
        }
        return new FacetGroup(title, links);
    }

    /** The query with one more term (unchanged when it already has it). */
    static String narrow(String q, String term) {
        for (String existing : q.split("\\s+")) {
            if (existing.equalsIgnoreCase(term)) {
                return q;
            }
        }
        return q.isEmpty() ? term : q + " " + term;
    }
}
