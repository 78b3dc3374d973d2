package io.midicrate.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.reprocessjob.Selection;

/** A reprocess started from the page records the command line that does the same, quoted as the CLI records its own. */
class ReprocessCommandLineTest {

    @Test
    void argumentsAreQuotedOnlyWhereAShellNeedsItAndThePageIsAComment() {
        Selection selection = new Selection(null, List.of("/srv/midi/Acme Trap"), null, 3, false, List.of("house"), false,
                "key:Am 'lo fi'");
        assertThat(ReprocessController.commandLine(selection, "the key finder's fix", "web"))
                .isEqualTo("midicrate reprocess --path '/srv/midi/Acme Trap' --version-below 3 --tag house "
                        + "--query 'key:Am '\\''lo fi'\\''' --reason 'the key finder'\\''s fix' --operator web"
                        + "  # from the web page");
    }
}
