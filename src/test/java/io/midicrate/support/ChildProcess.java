package io.midicrate.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts midicrate's real main class in a separate JVM against the suite's database, to be killed for real. */
public final class ChildProcess {

    private ChildProcess() {
    }

    public static Process start(Path log, Map<String, String> extraEnv, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classpath,
                "io.midicrate.MidicrateApplication"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        TestDatabase.Connection db = TestDatabase.get();
        Map<String, String> env = builder.environment();
        env.put("SPRING_DATASOURCE_URL", db.url());
        env.put("SPRING_DATASOURCE_USERNAME", db.user());
        env.put("SPRING_DATASOURCE_PASSWORD", db.password());
        env.put("LANG", "C.UTF-8");
        env.put("LOGGING_FILE_NAME", Path.of("target", "midicrate-child.log").toAbsolutePath().toString());
        env.putAll(extraEnv);
        // an empty value unsets the variable (a locale test needs LC_ALL gone, not set to "")
        extraEnv.forEach((name, value) -> {
            if (value.isEmpty()) {
                env.remove(name);
            }
        });
        builder.directory(new File(System.getProperty("user.dir")));
        return builder.start();
    }

    /**
     * Waits until {@code progress} reaches {@code rows} while the child runs (failing if it exits or stalls for two
     * minutes), then kills it with SIGKILL: no shutdown hook, no cleanup, as a crash or {@code kill -9} would.
     */
    public static void killAfter(Process child, Path log, java.util.function.LongSupplier progress, long rows)
            throws Exception {
        awaitProgress(child, log, progress, rows);
        child.destroyForcibly();
        org.assertj.core.api.Assertions.assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        org.assertj.core.api.Assertions.assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** Waits until {@code progress} reaches {@code rows} while the child runs (failing if it exits, or has not got there in five minutes: a JVM starts slowly on a busy machine). */
    public static void awaitProgress(Process child, Path log, java.util.function.LongSupplier progress, long rows)
            throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(5));
        while (progress.getAsLong() < rows) {
            org.assertj.core.api.Assertions.assertThat(child.isAlive())
                    .as("child exited early: " + java.nio.file.Files.readString(log)).isTrue();
            org.assertj.core.api.Assertions.assertThat(java.time.Instant.now()).as("child made no progress")
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** Runs a child to its end (five minutes at most) and returns its exit code. */
    public static int run(Path log, Map<String, String> extraEnv, String... args) throws Exception {
        Process child = start(log, extraEnv, args);
        if (!child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("midicrate " + String.join(" ", args) + " did not end: " + java.nio.file.Files.readString(log));
        }
        return child.exitValue();
    }
}
