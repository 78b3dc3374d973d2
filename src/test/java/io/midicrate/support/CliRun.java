package io.midicrate.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

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
}
