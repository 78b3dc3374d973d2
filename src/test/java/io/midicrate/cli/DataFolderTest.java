package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.ChildProcess;

/**
 * A midicrate process with no database configured keeps its embedded database and its log in the folder its
 * environment names (MIDICRATE_HOME before $HOME), says so when it creates the database, and stops the server
 * when it is done.
 */
@Tag("integration")
class DataFolderTest {

    @TempDir
    Path tmp;

    @Test
    void theEmbeddedDatabaseAndTheLogGoWhereMidicrateHomeSays() throws Exception {
        Path home = tmp.resolve("home");
        Path crate = tmp.resolve("crate");
        Files.createDirectories(home);
        Path out = tmp.resolve("stats.out");
        // no database given: midicrate runs its own; an empty value unsets a variable the child would inherit
        Map<String, String> env = Map.of("SPRING_DATASOURCE_URL", "", "LOGGING_FILE_NAME", "", "HOME", home.toString(),
                "MIDICRATE_HOME", crate.toString());
        int code = ChildProcess.run(out, env, "stats");
        String output = Files.readString(out);
        assertThat(code).as(output).isZero();
        assertThat(output).contains("midicrate: creating the library's database in " + crate.resolve("pgdata")
                + ", in midicrate's folder " + crate + " (from MIDICRATE_HOME)");
        assertThat(crate.resolve("pgdata/PG_VERSION")).exists();
        assertThat(crate.resolve("midicrate.log")).isNotEmptyFile();
        assertThat(home.resolve(".midicrate")).as("$HOME is second to MIDICRATE_HOME").doesNotExist();
        assertThat(crate.resolve("pgdata/postmaster.pid")).as("the server stopped with the command").doesNotExist();

        Path again = tmp.resolve("again.out");
        assertThat(ChildProcess.run(again, env, "stats")).isZero();
        assertThat(Files.readString(again)).as("said once, when the database is created").doesNotContain("creating");
    }
}
