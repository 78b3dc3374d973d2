package io.midicrate.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

import io.midicrate.cli.MidicrateCli;

/** Runs the command line in this JVM, as {@code main} would, and keeps what it printed. */
public record CliRun(int code, String err, String out) {

    private static final java.util.List<String> DATABASE_PROPERTIES = java.util.List.of("spring.datasource.url",
            "spring.datasource.username", "spring.datasource.password", "logging.file.name");

    /** Points the commands run by {@link #of} at the suite's database (as system properties, until forgotten). */
    public static void useTestDatabase() {
        TestDatabase.Connection db = TestDatabase.get();
        System.setProperty("spring.datasource.url", db.url());
        System.setProperty("spring.datasource.username", db.user());
        System.setProperty("spring.datasource.password", db.password());
        System.setProperty("logging.file.name", "target/midicrate-test.log");
    }

    public static void forgetTestDatabase() {
        DATABASE_PROPERTIES.forEach(System::clearProperty);
    }

    public static CliRun of(String... args) {
        return run(new ByteArrayOutputStream(), args);
    }

    /** Runs a command that reads the library, on the suite's database (the one a {@link DatabaseTest} sees). */
    public static CliRun onTestDatabase(String... args) {
        return onTestDatabase(new ByteArrayOutputStream(), args);
    }

    /** As {@link #onTestDatabase(String...)}, standard output going to {@code stdout} ({@link #out} is then empty). */
    public static CliRun onTestDatabase(OutputStream stdout, String... args) {
        TestDatabase.Connection db = TestDatabase.get();
        Map<String, String> properties = Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password(), "logging.file.name", "target/midicrate-test.log");
        properties.forEach(System::setProperty);
        try {
            return run(stdout, args);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    private static CliRun run(OutputStream stdout, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(stdout, true));
            int code = MidicrateCli.execute(args);
            return new CliRun(code, err.toString(), stdout instanceof ByteArrayOutputStream bytes ? bytes.toString() : "");
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }
}
