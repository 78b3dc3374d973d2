package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code midicrate} command (bin/midicrate, a POSIX shell script) runs the packaged jar with the throughput
 * collector unless the user chose a collector, with the user's JVM options, under the JVM JAVA_HOME names, when
 * called through a link on PATH. A stand-in {@code java} shows the exact command line; one real JVM, asked to log its
 * collector, shows the option takes effect.
 */
@Tag("integration")
class LauncherTest {

    static final Path SCRIPT = Path.of("bin", "midicrate").toAbsolutePath();
    static final Path JAR = Path.of("target", "midicrate.jar").toAbsolutePath();

    @TempDir
    Path tmp;
    Path onPath;

    record Run(int code, String output) {
    }

    @BeforeEach
    void linkOnPath() throws Exception {
        assertThat(JAR).as("packaged before the integration tests run").exists();
        onPath = tmp.resolve("path-bin/midicrate");
        Files.createDirectories(onPath.getParent());
        Files.createSymbolicLink(onPath, SCRIPT);
    }

    Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(onPath.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile());
        builder.environment().remove("MIDICRATE_JAVA_OPTS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), output);
    }

    /** A JAVA_HOME whose java prints its arguments, one a line. */
    Path fakeJavaHome() throws Exception {
        Path java = tmp.resolve("fake-jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg: $a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }

    @Test
    void runsTheJarWithTheThroughputCollectorUnderJavaHome() throws Exception {
        Run r = run(Map.of("JAVA_HOME", fakeJavaHome().toString(), "MIDICRATE_JAVA_OPTS", "-Xmx1g -Dx=a*b"),
                "search", "key:Am", "two words");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output().lines().toList()).containsExactly("arg: -XX:+UseParallelGC", "arg: -Xmx1g",
                "arg: -Dx=a*b", "arg: -jar", "arg: " + JAR.toRealPath(), "arg: search", "arg: key:Am", "arg: two words");
    }

    @Test
    void aCollectorTheUserChoseIsKept() throws Exception {
        Run r = run(Map.of("JAVA_HOME", fakeJavaHome().toString(), "MIDICRATE_JAVA_OPTS", "-XX:+UseZGC"), "--version");
        assertThat(r.output()).contains("arg: -XX:+UseZGC").doesNotContain("UseParallelGC");
        r = run(Map.of("JAVA_HOME", fakeJavaHome().toString(), "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC"), "--version");
        assertThat(r.output()).doesNotContain("UseParallelGC");
    }

    @Test
    void theRealJvmRunsWithTheParallelCollector() throws Exception {
        Run r = run(Map.of("JAVA_HOME", System.getProperty("java.home"), "MIDICRATE_JAVA_OPTS", "-Xlog:gc:stdout"),
                "--version");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("Using Parallel").containsPattern("(?m)^midicrate ");
    }

    @Test
    void noJarOrJvmIsOneLineAndExitCodeTwo() throws Exception {
        Path alone = tmp.resolve("elsewhere/bin/midicrate");
        Files.createDirectories(alone.getParent());
        Files.copy(SCRIPT, alone);
        onPath = alone;
        Run r = run(Map.of());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output().strip()).startsWith("midicrate: no midicrate.jar beside " + alone.getParent()).doesNotContain("\n");
        r = run(Map.of("MIDICRATE_JAR", tmp.resolve("nope.jar").toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output().strip()).isEqualTo("midicrate: MIDICRATE_JAR names no file: " + tmp.resolve("nope.jar"));
        r = run(Map.of("MIDICRATE_JAR", JAR.toString(), "JAVA_HOME", tmp.resolve("no-jdk").toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output().strip()).startsWith("midicrate: JAVA_HOME=" + tmp.resolve("no-jdk") + " has no bin/java");
    }
}
