package io.midicrate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.CliRun;

/** {@code bench} end to end on a small generated library: every pass imports, re-imports and analyses all of it. */
@Tag("integration")
class BenchCommandTest {

    @TempDir
    Path tmp;

    /** The file count of the result row named {@code job}. */
    static long files(String out, String job) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(job) + " +([0-9,]+) ").matcher(out);
        assertThat(m.find()).as("a row for '%s' in:%n%s", job, out).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void twoPassesRunEveryJobTwiceEachOnAFreshDatabaseAndLeaveNoDatabaseBehind() throws Exception {
        String dataDirBefore = System.getProperty("midicrate.db.data-dir");
        CliRun r = CliRun.of("bench", "--work-dir", tmp.toString(), "--files", "60", "--passes", "2");
        if (BenchLibraryOptions.externalDatabaseConfigured()) {
            // a benchmark never measures (or empties) the user's own server
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("unset SPRING_DATASOURCE_URL");
            return;
        }
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).as("the header names the collector the figures were taken with")
                .containsPattern("(?m)^machine: .*, collector \\S.*$").contains(BenchCommand.collectors());
        assertThat(files(out, "import, pass 1")).isEqualTo(60);
        Matcher costs = Pattern.compile("(?m)^  import, pass 1 steps: .*; JVM CPU (\\d+[.,]\\d)s, JIT compiling (\\d+[.,]\\d)s$")
                .matcher(out);
        assertThat(costs.find()).as("each job's steps line says what the JVM and its compiler spent:%n%s", out).isTrue();
        assertThat(Double.parseDouble(costs.group(1).replace(',', '.'))).as("an import of 60 files takes some CPU").isPositive();
        assertThat(files(out, "import, pass 2 (warm)")).isEqualTo(60);
        assertThat(files(out, "re-import (unchanged), pass 2 (warm)")).isEqualTo(60);
        long analysed = files(out, "analyze, pass 1");
        assertThat(analysed).isPositive().isLessThan(60); // each distinct content once: the library holds duplicates
        assertThat(files(out, "analyze, pass 2 (warm)")).as("the second pass starts from an empty library").isEqualTo(analysed);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("db-"));
        }
        assertThat(System.getProperty("midicrate.db.data-dir")).isEqualTo(dataDirBefore);
    }

    @Test
    void noPassesIsAnOperatorError() {
        CliRun r = CliRun.of("bench", "--work-dir", tmp.toString(), "--passes", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("midicrate: --passes must be 1 or more, not 0");
    }
}
