package io.midicrate.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.FileTrees;

/**
 * A change of case never depends on the JVM's locale: under a Turkish one {@code "FAILED".toLowerCase()} is
 * {@code "faıled"} (a dotless ı), which gave a schedule metric a tag no dashboard asks for and the web page a sort name
 * none of its options carries. Any {@code toLowerCase()} or {@code toUpperCase()} without a {@code Locale} in
 * {@code src/main/java} fails this test, named by file and line.
 */
class LocaleIndependentCaseTest {

    static final Pattern BARE_CASE_CHANGE = Pattern.compile("\\.to(?:Lower|Upper)Case\\(\\s*\\)");

    static List<String> violations(Path sources) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (BARE_CASE_CHANGE.matcher(lines.get(i)).find()) {
                        found.add(sources.relativize(file).toString().replace('\\', '/') + ":" + (i + 1));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyCaseChangeNamesItsLocale() throws IOException {
        List<String> found = violations(Path.of("src/main/java"));
        assertThat(found).as("toLowerCase()/toUpperCase() without Locale.ROOT:%n%s", String.join("\n", found)).isEmpty();
    }

    @Test
    void aPlantedBareCaseChangeIsCaughtAndNamed(@TempDir Path sources) throws IOException {
        FileTrees.write(sources, "io/midicrate/Shouting.java", """
                class Shouting {
                    String fine = "FAILED".toLowerCase(java.util.Locale.ROOT);
                    String bare = "FAILED".toLowerCase();
                }
                """);
        assertThat(violations(sources)).containsExactly("io/midicrate/Shouting.java:3");
        // why it matters: the Turkish locale lower-cases I without its dot
        assertThat("FAILED".toLowerCase(Locale.forLanguageTag("tr-TR"))).isNotEqualTo("failed");
    }
}
