package io.midicrate.web.curation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

import io.midicrate.common.OperatorException;
import io.midicrate.library.UserTags;
import io.midicrate.store.curation.Curations;

/**
 * A file's star, rating and user tags, changed from a search row or the file page. Every write is a POST with the
 * page's CSRF token, passes {@link CurationGate}, and changes one row in one statement (so two writes at once both
 * hold). From htmx it answers the row's controls (a refusal too, with its sentence, marked for curation.js to show);
 * without script it sends the browser back to the page it came from.
 */
@Controller
class CurationController {

    static final String FRAGMENT_HEADER = "X-Midicrate-Fragment";

    private final Curations curations;
    private final CurationGate gate;

    CurationController(Curations curations, CurationGate gate) {
        this.curations = curations;
        this.gate = gate;
    }

    /** One change to one content's curation. */
    private interface Change {
        void apply(long[] ids);
    }

    @PostMapping("/files/{id}/star")
    ModelAndView star(@PathVariable("id") long id, @RequestParam(name = "on", defaultValue = "true") boolean on,
                      @RequestParam(name = "token", required = false) String token,
                      @RequestParam(name = "back", required = false) String back,
                      HttpServletRequest request, HttpServletResponse response) {
        return write(id, token, back, request, response, ids -> {
            if (on) {
                curations.star(ids);
            } else {
                curations.unstar(ids);
            }
        });
    }

    @PostMapping("/files/{id}/rating")
    ModelAndView rate(@PathVariable("id") long id, @RequestParam("rating") int rating,
                      @RequestParam(name = "token", required = false) String token,
                      @RequestParam(name = "back", required = false) String back,
                      HttpServletRequest request, HttpServletResponse response) {
        return write(id, token, back, request, response, ids -> {
            if (rating < 0 || rating > 5) {
                throw new OperatorException("a rating is 1 to 5 (0 clears it), not " + rating);
            }
            if (rating == 0) {
                curations.clearRating(ids);
            } else {
                curations.rate(ids, rating);
            }
        });
    }

    @PostMapping("/files/{id}/tags")
    ModelAndView tag(@PathVariable("id") long id, @RequestParam(name = "tag", defaultValue = "") String tag,
                     @RequestParam(name = "token", required = false) String token,
                     @RequestParam(name = "back", required = false) String back,
                     HttpServletRequest request, HttpServletResponse response) {
        return write(id, token, back, request, response, ids -> curations.addTag(ids, userTag(tag)));
    }

    @PostMapping("/files/{id}/tags/remove")
    ModelAndView untag(@PathVariable("id") long id, @RequestParam(name = "tag", defaultValue = "") String tag,
                       @RequestParam(name = "token", required = false) String token,
                       @RequestParam(name = "back", required = false) String back,
                       HttpServletRequest request, HttpServletResponse response) {
        return write(id, token, back, request, response, ids -> curations.removeTag(ids, userTag(tag)));
    }

    /** The page's unlock form: the operator token once for this browser's session. */
    @PostMapping("/curation/unlock")
    String unlock(@RequestParam(name = "token", required = false) String token,
                  @RequestParam(name = "back", required = false) String back, HttpServletRequest request) {
        gate.check(request, token);
        return "redirect:" + safeBack(back, "/search");
    }

    static String userTag(String word) {
        try {
            return UserTags.normalise(word);
        } catch (IllegalArgumentException e) {
            throw new OperatorException(e.getMessage());
        }
    }

    private ModelAndView write(long id, String token, String back, HttpServletRequest request,
                               HttpServletResponse response, Change change) {
        boolean htmx = "true".equals(request.getHeader("HX-Request"));
        try {
            gate.check(request, token);
            if (curations.existing(new long[] {id}).isEmpty()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the library holds no file with id " + id);
            }
            change.apply(new long[] {id});
        } catch (OperatorException | ResponseStatusException e) {
            if (!htmx) {
                throw e;
            }
            ModelAndView refused = controls(id);
            refused.addObject("problem", e instanceof ResponseStatusException s ? s.getReason() : e.getMessage());
            refused.setStatus(e instanceof ResponseStatusException s ? HttpStatus.valueOf(s.getStatusCode().value())
                    : HttpStatus.BAD_REQUEST);
            response.setHeader(FRAGMENT_HEADER, "curation");
            return refused;
        }
        if (htmx) {
            return controls(id);
        }
        return new ModelAndView("redirect:" + safeBack(back, "/files/" + id));
    }

    private ModelAndView controls(long id) {
        ModelAndView fragment = new ModelAndView("curation :: controls");
        fragment.addObject("id", id);
        fragment.addObject("kept", curations.of(id));
        return fragment;
    }

    /** Where to send the browser: a path of this site, never another site's address. */
    static String safeBack(String back, String fallback) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")
                || back.chars().anyMatch(c -> c < 0x20)) {
            return fallback;
        }
        return back;
    }
}
