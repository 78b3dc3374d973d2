package io.midicrate.cli;

import static io.midicrate.cli.ActOnLibraryCliTest.expectOperatorError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.CliRun;

/**
 * The commands that read the query language take a term starting with '-' (or '^') as a negated term, as the README
 * writes them; '--word' stays an option, and a mistyped one is one line. Each case ends in a mistake found before the
 * database starts, so the message shows how far the arguments were read (in the integration lane all the same: a
 * command that got past them would start one).
 */
@Tag("integration")
class QueryArgumentsTest {

    @TempDir
    Path tmp;

    static final String BAD_BPM = "bad query term '-bpm:fast': a number or a range like 120..128, ..8 or 30..";

    @Test
    void aNegatedTermReachesTheQueryParserInEveryCommandThatTakesAQuery() {
        for (List<String> args : List.of(List.of("search", "key:Am", "-bpm:fast"), List.of("dupes", "-bpm:fast"),
                List.of("export", "-bpm:fast", "--to", tmp.toString()),
                List.of("reprocess", "--query", "-bpm:fast", "--reason", "why"))) {
            CliRun r = CliRun.of(args.toArray(String[]::new));
            expectOperatorError(r, BAD_BPM);
            assertThat(r.err().strip()).as(args.toString()).isEqualTo("midicrate: " + BAD_BPM);
        }
        expectOperatorError(CliRun.of("search", "^bpm:fast"), "bad query term '^bpm:fast'");
    }

    @Test
    void wordsThatStartLikeAShortOptionAreTermsToo() {
        // -house starts like -h (help), -narrow like -n (--limit), -Vocal like -V (version): picocli's own guess took
        // them for those; here they are terms, and the bad --format after them is the first mistake found
        expectOperatorError(CliRun.of("search", "-house", "-narrow", "-Vocal", "^tag:fill", "-x", "--format", "xml"),
                "--format takes table, json, csv, paths or m3u, not 'xml'");
        expectOperatorError(CliRun.of("dupes", "-house", "-narrow", "--format", "xml"), "--format must be table, json or csv");
        expectOperatorError(CliRun.of("reprocess", "--query", "-house key:Am", "--ids", "abc", "--reason", "why"),
                "--ids takes");
        expectOperatorError(CliRun.of("reprocess", "--query=-house", "--ids", "abc", "--reason", "why"), "--ids takes");
    }

    @Test
    void realOptionsStillWorkAndAMistypedOneIsOneLine() {
        expectOperatorError(CliRun.of("search", "-tag:fill", "-n", "0"), "--limit must be between 1 and");
        expectOperatorError(CliRun.of("search", "--limit=0", "-tag:fill"), "--limit must be between 1 and");
        CliRun typo = CliRun.of("search", "-tag:fill", "--limt", "5");
        expectOperatorError(typo, "Unknown option: '--limt'");
        assertThat(typo.err().strip())
                .isEqualTo("search: Unknown option: '--limt'; did you mean --limit? (see 'midicrate search --help')");
        expectOperatorError(CliRun.of("search", "-n5"), "'-n5' is no option here: write -n 5");
        expectOperatorError(CliRun.of("dupes", "--plann"), "Unknown option: '--plann'");
        expectOperatorError(CliRun.of("export", "--to", tmp.toString(), "--layot", "x"), "Unknown option: '--layot'");
        expectOperatorError(CliRun.of("reprocess", "--query", "--all", "--reason", "why"),
                "Expected parameter for option '--query' but found '--all'");

        CliRun help = CliRun.of("search", "-h");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("A term starting with '-' or '^' is negated (-tag:fill", "Examples:",
                "midicrate search key:Am bpm:120..128 drums:yes -tag:fill");
    }
}
