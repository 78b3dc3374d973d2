package io.midicrate.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import io.midicrate.cli.MidicrateCli;

/** Runs the command line in this JVM, as {@code main} would, and keeps what it printed. */
public record CliRun(int code, String err, String out) {

    public static CliRun of(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(out, true));
            int code = MidicrateCli.execute(args);
            return new CliRun(code, err.toString(), out.toString());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /** Runs a command that reads the library, on the suite's database (the one a {@link DatabaseTest} sees). */
    public static CliRun onTestDatabase(String... args) {
        TestDatabase.Connection db = TestDatabase.get();
        Map<String, String> properties = Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password(), "logging.file.name", "target/midicrate-test.log");
        properties.forEach(System::setProperty);
        try {
            return of(args);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
