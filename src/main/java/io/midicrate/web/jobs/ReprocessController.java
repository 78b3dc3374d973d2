package io.midicrate.web.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.midicrate.common.OperatorException;
import io.midicrate.common.ShellWords;
import io.midicrate.reprocessjob.Reprocessing;
import io.midicrate.reprocessjob.Selection;
import io.midicrate.web.OperatorToken;

/**
 * Starting a reprocess from the page: the selectors of {@code midicrate reprocess} (a search query among them) and a
 * reason, run by {@link Reprocessing#run}, the code behind the command, so the audit is the same. Needs the operator
 * token (and the form's CSRF token, as every POST).
 */
@Controller
class ReprocessController {

    private final Reprocessing reprocessing;
    private final OperatorToken token;
    private final BackgroundRuns runs;

    ReprocessController(Reprocessing reprocessing, OperatorToken token, BackgroundRuns runs) {
        this.reprocessing = reprocessing;
        this.token = token;
        this.runs = runs;
    }

    @GetMapping("/reprocess")
    String form(@RequestParam(name = "q", defaultValue = "") String q, Model model) {
        model.addAttribute("writable", token.configured());
        model.addAttribute("q", q.strip());
        return "reprocess";
    }

    /** The token first: without it nothing else is looked at. Selection mistakes are a 400 page, said at once. */
    @PostMapping("/reprocess")
    String start(@RequestParam(name = "token", required = false) String given,
                 @RequestParam(name = "query", defaultValue = "") String query,
                 @RequestParam(name = "ids", defaultValue = "") String ids,
                 @RequestParam(name = "paths", defaultValue = "") String paths,
                 @RequestParam(name = "imports", defaultValue = "") String imports,
                 @RequestParam(name = "versionBelow", required = false) Integer versionBelow,
                 @RequestParam(name = "failed", defaultValue = "false") boolean failed,
                 @RequestParam(name = "tags", defaultValue = "") String tags,
                 @RequestParam(name = "all", defaultValue = "false") boolean all,
                 @RequestParam(name = "reason", defaultValue = "") String reason,
                 @RequestParam(name = "operator", defaultValue = "") String operator) {
        token.check(given);
        Selection selection = new Selection(words(ids), paths.lines().map(String::strip).filter(p -> !p.isEmpty()).toList(),
                executions(imports), versionBelow, failed, words(tags), all, query).validated();
        if (reason.isBlank()) {
            throw new OperatorException("a reprocess needs a reason: the audit records why it ran");
        }
        String who = operator.isBlank() ? "web" : operator.strip();
        String commandLine = commandLine(selection, reason.strip(), who);
        return runs.start(() -> reprocessing.run(selection, who, reason, commandLine), HttpStatus.BAD_REQUEST);
    }

    /**
     * The audit's command line: what the same reprocess is on the command line, each argument quoted as the CLI's
     * own audits quote theirs ({@link ShellWords}), marked as started from the page by a shell comment.
     */
    static String commandLine(Selection s, String reason, String operator) {
        List<String> args = new ArrayList<>(List.of("reprocess"));
        s.ids().forEach(v -> args.addAll(List.of("--ids", v)));
        s.paths().forEach(v -> args.addAll(List.of("--path", v)));
        s.importExecutions().forEach(v -> args.addAll(List.of("--import", v.toString())));
        if (s.versionBelow() != null) {
            args.addAll(List.of("--version-below", s.versionBelow().toString()));
        }
        if (s.failed()) {
            args.add("--failed");
        }
        s.tags().forEach(v -> args.addAll(List.of("--tag", v)));
        if (s.all()) {
            args.add("--all");
        }
        if (s.query() != null) {
            args.addAll(List.of("--query", s.query()));
        }
        args.addAll(List.of("--reason", reason, "--operator", operator));
        return "midicrate " + ShellWords.join(args) + "  # from the web page";
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static List<Long> executions(String text) {
        List<Long> ids = new ArrayList<>();
        for (String w : words(text)) {
            try {
                ids.add(Long.parseLong(w));
            } catch (NumberFormatException e) {
                throw new OperatorException("an import is named by its execution id (see Jobs), not '" + w + "'");
            }
        }
        return ids;
    }
}
