package io.midicrate.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The two test lanes: {@code ./mvnw test} runs the unit tests (no database, no child JVM, no browser) in about a
 * minute; {@code ./mvnw verify} runs those and then every test tagged {@value #TAG} (Failsafe). A test that starts
 * a database, a JVM or a browser and is not tagged would slow the fast lane; this test names it.
 */
class TestLanesTest {

    static final String TAG = "integration";

    /** What makes a test an integration test: a database, a child JVM, a browser, a Spring context, a real command. */
    static final Pattern NEEDS_INTEGRATION_LANE = Pattern.compile(String.join("|",
            "extends (?:DatabaseTest|JobTest)\\b", "\\bTestDatabase\\b", "\\bDedicatedDatabase\\b", "\\bChildProcess\\b",
            "\\bBrowser\\b", "@SpringBootTest", "\\bAppContext\\b", "\\bProcessBuilder\\b", "\\bEmbeddedPostgres\\b",
            "CliRun\\.of\\(\"(?:import|run|analyze|bench|search|show|stats|jobs|dupes|export|generate|restart|audit)\""));

    /** The bases that carry the tag for their subclasses (JUnit's @Tag is inherited). */
    static final Pattern INHERITS_TAG = Pattern.compile("extends (?:DatabaseTest|JobTest)\\b");

    static final String TAGGED = "@Tag(\"" + TAG + "\")";

    @Test
    void everyTestThatNeedsADatabaseAJvmOrABrowserIsInTheIntegrationLane() throws IOException {
        List<String> untagged = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith("Test.java")).toList()) {
                String text = Files.readString(source);
                boolean inherited = INHERITS_TAG.matcher(text).find();
                if (NEEDS_INTEGRATION_LANE.matcher(text).find() && !inherited && !text.contains(TAGGED)
                        && !source.endsWith("TestLanesTest.java")) {
                    untagged.add(source.toString());
                }
            }
        }
        assertThat(untagged).as("tests to tag " + TAGGED).isEmpty();
    }

    @Test
    void theDatabaseTestBaseCarriesTheTagForEverySubclass() throws IOException {
        String base = Files.readString(Path.of("src/test/java/io/midicrate/support/DatabaseTest.java"));
        assertThat(base).contains(TAGGED);
        assertThat(Files.readString(Path.of("src/test/java/io/midicrate/support/JobTest.java"))).contains("extends DatabaseTest");
        assertThat(org.junit.jupiter.api.Tag.class).hasAnnotation(java.lang.annotation.Inherited.class);
    }
}
