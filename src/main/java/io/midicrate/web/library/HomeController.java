package io.midicrate.web.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import io.midicrate.store.reports.LibraryOverview;
import io.midicrate.store.reports.LibraryOverview.Count;
import tools.jackson.databind.json.JsonMapper;

/** The library's home: totals and charts from the precomputed overview. */
@Controller
class HomeController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LibraryOverviews overviews;

    HomeController(LibraryOverviews overviews) {
        this.overviews = overviews;
    }

    @GetMapping("/")
    String home(Model model) {
        boolean updating = overviews.refreshIfStale();
        LibraryOverview overview = overviews.current();
        model.addAttribute("updating", updating);
        model.addAttribute("overview", overview);
        if (overview != null) {
            model.addAttribute("wheel", KeyWheel.slices(overview.keys()));
            model.addAttribute("keyedFiles", java.util.Arrays.stream(overview.keys()).sum());
            model.addAttribute("tempoChart", chart(overview.tempo()));
            model.addAttribute("meterChart", chart(overview.meters()));
            model.addAttribute("familyChart", chart(overview.families()));
            model.addAttribute("drumChart", chart(overview.drums()));
            model.addAttribute("importChart", chart(overview.importedPerDay()));
        }
        return "home";
    }

    /** Polled by the page while the overview is being counted: it reloads when this says ready. */
    @GetMapping(value = "/overview/ready", produces = "application/json")
    @ResponseBody
    Map<String, Boolean> ready() {
        return Map.of("ready", !overviews.refreshIfStale());
    }

    /** Chart data for a data attribute: labels and values as JSON (escaped by the template as an attribute). */
    static String chart(List<Count> counts) {
        List<String> labels = new ArrayList<>(counts.size());
        List<Long> values = new ArrayList<>(counts.size());
        for (Count c : counts) {
            labels.add(c.label());
            values.add(c.count());
        }
        return JSON.writeValueAsString(Map.of("labels", labels, "values", values));
    }
}
