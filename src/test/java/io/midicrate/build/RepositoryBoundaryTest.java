package io.midicrate.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the repository self-contained: no source, build file, script or documented recipe may reach outside the
 * repository root (a {@code ../} path, or {@code ".."} as a path segment in code), so that any clone builds and
 * passes its tests on its own.
 */
class RepositoryBoundaryTest {

    /** {@code ../} anywhere, or a {@code ".."} string literal (as in {@code Path.of("..", "shared")}). */
    static final Pattern OUTSIDE = Pattern.compile("\\.\\./|\"\\.\\.\"");

    /** What is checked: everything that builds, tests, runs or documents how to run. The third-party corpus is data. */
    static final List<String> ROOTS = List.of("pom.xml", ".ci", "src/main", "src/test/java", "README.md", "docs",
            "config", "jobs", "schema", ".mvn/wrapper/maven-wrapper.properties");

    /** Code that must name {@code ".."} to refuse it (path-traversal guards) says so on the line. */
    static final String ALLOW = "repository-boundary: allowed";

    static List<String> violations(Path repo) throws IOException {
        List<String> found = new ArrayList<>();
        for (String root : ROOTS) {
            Path start = repo.resolve(root);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (file.endsWith(Path.of("RepositoryBoundaryTest.java"))) {
                        continue; // it names the pattern it looks for
                    }
                    List<String> lines;
                    try {
                        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    } catch (java.nio.charset.MalformedInputException binary) {
                        continue;
                    }
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i);
                        if (OUTSIDE.matcher(line).find() && !line.contains(ALLOW)) {
                            found.add(repo.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void nothingInTheBuildOrTheTestsReachesOutsideTheRepository() throws IOException {
        List<String> found = violations(Path.of("").toAbsolutePath());
        assertThat(found)
                .as("these lines refer to a path outside the repository; ship what they need inside it:%n%s",
                        String.join(System.lineSeparator(), found))
                .isEmpty();
    }

    @Test
    void aPlantedReferenceToTheSharedFolderIsCaughtAndNamed(@TempDir Path repo) throws IOException {
        Path test = repo.resolve("src/test/java/x/LeakyTest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "class LeakyTest {\n  Path p = Path.of(\"..\", \"shared\", \"corpus\");\n}\n");
        Path script = repo.resolve(".ci/run");
        Files.createDirectories(script.getParent());
        // the parent folder spelled in two pieces, so that searches for the literal reference find only real ones
        String parent = ".." + "/";
        Files.writeString(script, "#!/bin/sh\ncp -r " + parent + "shared/corpus corpus\n");
        Files.writeString(repo.resolve("pom.xml"), "<project><corpus>src/test/resources/corpus</corpus></project>\n");

        assertThat(violations(repo)).containsExactly(
                ".ci/run:2: cp -r " + parent + "shared/corpus corpus",
                "src/test/java/x/LeakyTest.java:2: Path p = Path.of(\"..\", \"shared\", \"corpus\");");
    }

    @Test
    void theCorpusAndItsLicencesAreInTheRepository() {
        Path corpus = Path.of("src/test/resources/corpus");
        assertThat(corpus.resolve("reference.json")).isRegularFile();
        assertThat(corpus.resolve("README.md")).isRegularFile();
        assertThat(corpus.resolve("licenses")).isDirectory();
        assertThat(Path.of("LICENSE")).isRegularFile();
        assertThat(Path.of("NOTICE")).isRegularFile();
    }
}
