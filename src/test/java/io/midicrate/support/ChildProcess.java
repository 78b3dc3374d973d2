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
        env.putAll(extraEnv);
        builder.directory(new File(System.getProperty("user.dir")));
        return builder.start();
    }
}
