package io.midicrate.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

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
}
