package io.midicrate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.midicrate.library.LibraryPath;

/**
 * Makes file names UTF-8 whatever the caller's locale. Java fixes the charset it reads file names with
 * ({@code sun.jnu.encoding}) from the locale when the JVM starts, and nothing can change it later; under
 * {@code LANG=C} (cron, many service managers) every non-ASCII name would be unreadable. So when that charset is not
 * UTF-8, {@code main} runs the same command again in a JVM started with {@code LC_ALL=C.UTF-8}, forwards a SIGTERM
 * or Ctrl-C to it, and exits with its exit code. The arguments travel as their raw bytes (read from
 * {@code /proc/self/cmdline}, base64 in an environment variable), because this JVM already decoded them with the
 * wrong charset. An environment variable marks the second JVM, so it never relaunches again; where the relaunch is
 * impossible (no {@code /proc}, a JVM option that is not ASCII) the command runs as before, and names it cannot
 * read are recorded as {@code BAD_NAME}.
 * <p>
 * The variable carries the first JVM's process id. A {@code kill -9} of the first JVM skips its forwarding, so the
 * second one watches it and, once it is gone, stops as it would on SIGTERM (jobs at a chunk boundary, restartable):
 * otherwise it would run on unseen, and a {@code restart} would find its execution still held.
 */
public final class Utf8Relaunch {

    /** Set in the relaunched JVM: the program arguments' bytes, NUL-separated, base64. */
    static final String ARGUMENTS = "MIDICRATE_UTF8_ARGUMENTS";
    /** Set in the relaunched JVM to the launching JVM's process id: it never relaunches, and it ends with that JVM. */
    static final String RELAUNCHED = "MIDICRATE_UTF8_RELAUNCHED";
    /** The exit code of a relaunched JVM whose launcher was killed: as if it had been sent SIGTERM. */
    static final int LAUNCHER_GONE = 143;

    private Utf8Relaunch() {
    }

    /** Runs the command in a UTF-8 JVM when this one is not; returns its exit code, or empty to run it here. */
    public static OptionalInt runUnderUtf8IfNeeded(String[] args) {
        String launcher = System.getenv(RELAUNCHED);
        if (launcher != null) {
            endWithLauncher(launcher);
            return OptionalInt.empty();
        }
        if (LibraryPath.namesAreUtf8()) {
            return OptionalInt.empty();
        }
        List<byte[]> argv = commandLine();
        if (argv == null || argv.size() <= args.length) {
            return OptionalInt.empty();
        }
        int launcherArgs = argv.size() - args.length;
        List<String> command = new ArrayList<>();
        // the running java itself, wherever PATH pointed
        command.add(ProcessHandle.current().info().command().orElse(new String(argv.get(0), StandardCharsets.ISO_8859_1)));
        for (int i = 1; i < launcherArgs; i++) {
            String arg = new String(argv.get(i), StandardCharsets.ISO_8859_1);
            if (!arg.chars().allMatch(c -> c < 128)) {
                return OptionalInt.empty(); // this JVM could not pass it on faithfully
            }
            command.add(arg);
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("LC_ALL", "C.UTF-8");
        env.put(RELAUNCHED, Long.toString(ProcessHandle.current().pid()));
        env.put(ARGUMENTS, encode(argv.subList(launcherArgs, argv.size())));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        Thread forward = new Thread(() -> {
            // SIGTERM or Ctrl-C reached this JVM: pass it on, and leave with the child's own exit code
            child.destroy();
            try {
                Runtime.getRuntime().halt(child.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "utf8-relaunch-forward");
        Runtime.getRuntime().addShutdownHook(forward);
        while (true) {
            try {
                int code = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(forward);
                return OptionalInt.of(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException shuttingDown) {
                return OptionalInt.of(child.exitValue());
            }
        }
    }

    /**
     * Exits this (relaunched) JVM through its shutdown hooks once the launching JVM {@code pid} has ended. A launcher
     * that ends normally has waited for this JVM first, so this only fires after a {@code kill -9} of the launcher;
     * the JDK polls a process that is not a child, noticing within a few seconds.
     */
    static void endWithLauncher(String pid) {
        Optional<ProcessHandle> launcher;
        try {
            launcher = ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return; // not set by a launcher of this version: nothing to watch
        }
        if (launcher.isEmpty() || !launcher.get().isAlive()) {
            exitForGoneLauncher();
            return;
        }
        launcher.get().onExit().thenRun(Utf8Relaunch::exitForGoneLauncher);
    }

    private static void exitForGoneLauncher() {
        // not in the JDK's process-reaper thread that noticed: the hooks stop the embedded PostgreSQL, a process too
        Thread exit = new Thread(() -> System.exit(LAUNCHER_GONE), "launcher-gone");
        exit.start();
    }

    /** The program arguments: the raw ones a relaunching JVM passed on, else {@code args}. */
    public static String[] arguments(String[] args) {
        String passed = System.getenv(ARGUMENTS);
        return passed == null ? args : decode(passed);
    }

    /** {@code count:} then each argument's bytes in base64, comma-separated (an empty argument stays one). */
    static String encode(List<byte[]> arguments) {
        StringBuilder out = new StringBuilder().append(arguments.size()).append(':');
        for (int i = 0; i < arguments.size(); i++) {
            out.append(i == 0 ? "" : ",").append(Base64.getEncoder().encodeToString(arguments.get(i)));
        }
        return out.toString();
    }

    static String[] decode(String passed) {
        int colon = passed.indexOf(':');
        int count = Integer.parseInt(passed.substring(0, colon));
        String[] parts = passed.substring(colon + 1).split(",", -1);
        String[] arguments = new String[count];
        for (int i = 0; i < count; i++) {
            arguments[i] = new String(Base64.getDecoder().decode(parts[i]), StandardCharsets.UTF_8);
        }
        return arguments;
    }

    /** This process's argv as raw bytes (Linux), or null. */
    private static List<byte[]> commandLine() {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<byte[]> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                argv.add(java.util.Arrays.copyOfRange(raw, start, i));
                start = i + 1;
            }
        }
        return argv;
    }
}
