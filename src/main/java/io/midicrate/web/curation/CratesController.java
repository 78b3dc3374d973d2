package io.midicrate.web.curation;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.midicrate.common.OperatorException;
import io.midicrate.export.Layout;
import io.midicrate.library.CrateNames;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.ResultFormats;
import io.midicrate.query.Sort;
import io.midicrate.store.curation.Curations;

/**
 * The Crates page and a crate's page: make, rename, note, delete, reorder (by drag, or one place up or down),
 * take files out, download as a zip (the export, in the crate's order) or an M3U playlist; and "add all matches"
 * from the search page. Every POST carries the page's CSRF token and passes {@link CurationGate}; names and notes
 * are shown with th:text only.
 */
@Controller
class CratesController {

    /** Matches are added in batches of this many, each appended after the last (so the query's order holds). */
    static final int BATCH = 1_000;

    private final Curations curations;
    private final CurationGate gate;
    private final LibrarySearch search;
    private final CrateZip zip;

    CratesController(Curations curations, CurationGate gate, LibrarySearch search, CrateZip zip) {
        this.curations = curations;
        this.gate = gate;
        this.search = search;
        this.zip = zip;
    }

    @GetMapping("/crates")
    String crates(Model model) {
        model.addAttribute("crates", curations.crates());
        return "crates";
    }

    @GetMapping("/crates/{id}")
    String crate(@PathVariable("id") long id, Model model) {
        Curations.Crate crate = crate(id);
        model.addAttribute("crate", crate);
        model.addAttribute("members", curations.members(crate));
        return "crate";
    }

    @PostMapping("/crates")
    String create(@RequestParam(name = "name", defaultValue = "") String name,
                  @RequestParam(name = "note", defaultValue = "") String note,
                  @RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        gate.check(request, token);
        return "redirect:/crates/" + curations.create(CrateNames.check(name), note.strip()).id();
    }

    @PostMapping("/crates/{id}/rename")
    String rename(@PathVariable("id") long id, @RequestParam(name = "name", defaultValue = "") String name,
                  @RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        gate.check(request, token);
        curations.rename(crate(id), CrateNames.check(name));
        return "redirect:/crates/" + id;
    }

    @PostMapping("/crates/{id}/note")
    String note(@PathVariable("id") long id, @RequestParam(name = "note", defaultValue = "") String note,
                @RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        gate.check(request, token);
        curations.setNote(crate(id), note.strip());
        return "redirect:/crates/" + id;
    }

    @PostMapping("/crates/{id}/delete")
    String delete(@PathVariable("id") long id, @RequestParam(name = "token", required = false) String token,
                  HttpServletRequest request, RedirectAttributes flash) {
        gate.check(request, token);
        Curations.Crate crate = crate(id);
        long files = curations.delete(crate);
        flash.addFlashAttribute("notice", "Deleted crate '" + crate.name() + "' (it listed " + files
                + (files == 1 ? " file" : " files") + "; the files are untouched).");
        return "redirect:/crates";
    }

    /** The order a drag left: the files' BLAKE3s, comma-separated, first to last. */
    @PostMapping("/crates/{id}/order")
    String order(@PathVariable("id") long id, @RequestParam(name = "order", defaultValue = "") String order,
                 @RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        gate.check(request, token);
        List<String> hex = Arrays.stream(order.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        curations.reorder(crate(id), hex);
        return "redirect:/crates/" + id;
    }

    @PostMapping("/crates/{id}/move")
    String move(@PathVariable("id") long id, @RequestParam("blake3") String blake3, @RequestParam("by") int by,
                @RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        gate.check(request, token);
        curations.move(crate(id), blake3, by);
        return "redirect:/crates/" + id;
    }

    @PostMapping("/crates/{id}/remove")
    String remove(@PathVariable("id") long id, @RequestParam("blake3") String blake3,
                  @RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        gate.check(request, token);
        curations.removeMember(crate(id), blake3);
        return "redirect:/crates/" + id;
    }

    /** The search page's "add all matches": to the crate of that name, made when there is none. */
    @PostMapping("/crates/add-matches")
    String addMatches(@RequestParam(name = "q", defaultValue = "") String q,
                      @RequestParam(name = "sort", required = false) String sortName,
                      @RequestParam(name = "crate", defaultValue = "") String crateName,
                      @RequestParam(name = "token", required = false) String token,
                      HttpServletRequest request, RedirectAttributes flash) {
        gate.check(request, token);
        String text = q.strip();
        Query query = text.isEmpty() ? Query.all() : QueryParser.parse(text);
        Sort sort = sortName == null || sortName.isBlank() ? null : Sort.parse(sortName);
        String name = CrateNames.check(crateName);
        if (search.search(query, sort, 1, null).rows().isEmpty()) {
            flash.addFlashAttribute("notice", "Nothing matches '" + text + "': crate '" + name + "' is unchanged.");
            flash.addAttribute("q", text); // appended to the address, encoded
            if (sort != null) {
                flash.addAttribute("sort", sortName.strip());
            }
            return "redirect:/search";
        }
        Curations.Crate crate = curations.crate(name).orElseGet(() -> curations.create(name, ""));
        long[] counts = {0, 0}; // matched, added
        List<Long> batch = new ArrayList<>(BATCH);
        Runnable flush = () -> {
            long[] ids = batch.stream().mapToLong(Long::longValue).toArray();
            counts[1] += curations.addToCrate(crate, ids);
            batch.clear();
        };
        search.forEachMatchingId(query, sort, id -> {
            counts[0]++;
            batch.add(id);
            if (batch.size() == BATCH) {
                flush.run();
            }
        });
        flush.run();
        flash.addFlashAttribute("notice", "Added " + counts[1] + (counts[1] == 1 ? " file" : " files") + " to crate '"
                + crate.name() + "'" + (counts[0] > counts[1] ? " (" + (counts[0] - counts[1]) + " were in it already)" : "") + ".");
        return "redirect:/crates/" + crate.id();
    }

    @GetMapping("/crates/{id}/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable("id") long id,
                                                   @RequestParam(name = "format", defaultValue = "zip") String format) {
        Curations.Crate crate = crate(id);
        long[] ids = curations.members(crate).stream().filter(m -> m.contentId() != null)
                .mapToLong(Curations.Member::contentId).toArray();
        String file = Layout.safe(crate.name());
        StreamingResponseBody body;
        MediaType type;
        switch (format) {
            case "m3u" -> {
                type = MediaType.parseMediaType(ResultFormats.Format.M3U.mediaType() + ";charset=UTF-8");
                file += ".m3u";
                body = out -> {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    ResultFormats.RowWriter m3u = ResultFormats.m3u(writer);
                    for (int from = 0; from < ids.length; from += BATCH) {
                        search.rows(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + BATCH))).forEach(m3u::write);
                    }
                    m3u.finish();
                };
            }
            case "zip" -> {
                type = MediaType.parseMediaType("application/zip");
                file += ".zip";
                Path exported = zip.export(ids); // before the first byte: a failure is still an error page
                body = out -> CrateZip.zipAndDelete(exported, out);
            }
            default -> throw new OperatorException("a crate downloads as zip or m3u, not '" + format + "'");
        }
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    private Curations.Crate crate(long id) {
        return curations.crate(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "there is no crate " + id + " (it may have been deleted)"));
    }
}
