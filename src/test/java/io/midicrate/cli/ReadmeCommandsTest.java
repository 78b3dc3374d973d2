package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.midicrate.support.CliRun;
import io.midicrate.support.JobTest;

/**
 * The README's commands work as a newcomer types them. Every {@code midicrate ...} line of README.md (the command
 * table's examples, the lines of its code blocks) is read here; the ones that work on a library run, in the README's
 * order, against a copy of {@code samples/midi} in the suite's database, and must exit 0 (a pipeline's other commands
 * run too, in bash, on what midicrate printed); the ones that serve, wait for workers or run for minutes ({@code serve},
 * {@code worker}, the benchmarks) are parsed as the command line would parse them, so an option the README names and
 * the program does not know fails here. The job summary the README shows must be what {@code run} prints, timings
 * aside. Paths the README names stand for folders of this test ({@link #sandbox}).
 */
class ReadmeCommandsTest extends JobTest {

    /** Commands the test parses but does not run, and why. */
    static final Map<String, String> PARSED_ONLY = Map.of(
            "serve", "serves until stopped (ServeFunctionalTest and WebPageBrowserTest run it)",
            "worker", "waits for partitions until stopped (RemotePartitioningTest runs it)",
            "bench", "runs for minutes on its own database (BenchCommandTest runs a small one)");

    Path lib;
    Map<String, String> sandbox;

    @BeforeEach
    void aCopyOfTheSamples() throws IOException {
        lib = tmp.resolve("samples");
        try (Stream<Path> files = Files.walk(Path.of("samples/midi"))) {
            for (Path f : files.toList()) {
                Path to = lib.resolve(Path.of("samples/midi").relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        sandbox = new LinkedHashMap<>();
        sandbox.put("samples/midi", lib.toString());
        sandbox.put("/srv/midi", lib.toString());
        sandbox.put("/srv/quarantine", tmp.resolve("quarantine").toString());
        sandbox.put("/dev/shm/", tmp.resolve("shm").toString() + "/");
        sandbox.put("~/", tmp.resolve("home").toString() + "/");
        CliRun.useTestDatabase();
    }

    @AfterEach
    void forgetTheTestDatabase() {
        CliRun.forgetTestDatabase();
    }

    @Test
    void everyCommandTheReadmeShowsWorksAsTyped() throws Exception {
        List<String> lines = commandLines(Files.readString(Path.of("README.md")));
        assertThat(lines).as("the README shows commands").hasSizeGreaterThan(20);
        List<String> failures = new ArrayList<>();
        String runOutput = null;
        for (String line : lines) {
            List<String> pipeline = List.of(line.split(" \\| "));
            List<String> args = words(pipeline.get(0));
            assertThat(args.get(0)).isEqualTo("midicrate");
            args = small(args.subList(1, args.size()).stream().map(this::inSandbox).toList());
            if (PARSED_ONLY.containsKey(args.get(0))) {
                String parsed = MidicrateCli.parses(args.toArray(String[]::new));
                if (parsed != null) {
                    failures.add(line + " -> " + parsed);
                }
                continue;
            }
            prepareFor(args);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            if (args.get(0).equals("run") && runOutput == null) {
                runOutput = run.out() + run.err();
            }
            if (run.code() != 0 && !expectedRefusal(args, run)) {
                failures.add(line + " -> exit " + run.code() + ": " + run.err().strip());
                continue;
            }
            if (pipeline.size() > 1) {
                String rest = inSandboxText(String.join(" | ", pipeline.subList(1, pipeline.size())));
                Matcher target = Pattern.compile("-t (\\S+)").matcher(rest);
                if (target.find()) {
                    Files.createDirectories(Path.of(target.group(1))); // "into an existing folder", as the README says
                }
                Process bash = new ProcessBuilder("bash", "-c", rest).redirectErrorStream(true).start();
                bash.getOutputStream().write(run.out().getBytes(StandardCharsets.UTF_8));
                bash.getOutputStream().close();
                String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (bash.waitFor() != 0) {
                    failures.add(line + " -> the pipeline after midicrate failed: " + said.strip());
                }
            }
        }
        assertThat(failures).as("README commands that fail as typed").isEmpty();
        assertThat(runOutput).as("the README runs 'run' on the samples").isNotNull();
        assertThat(normalised(runOutput)).as("what run prints").containsAll(normalised(summaryBlock()));
    }

    /** A library the README sizes for a benchmark ({@code --files 100000}) is written small here. */
    private static List<String> small(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (out.get(i).equals("--files") && Long.parseLong(out.get(i + 1)) > 500) {
                out.set(i + 1, "120");
            }
        }
        return out;
    }

    /** Makes what a command works on exist first: the folders its paths name. */
    private void prepareFor(List<String> args) throws IOException {
        for (String a : args) {
            if (a.startsWith(tmp.toString())) {
                Path p = Path.of(a);
                Files.createDirectories(a.endsWith(".mid") ? p.getParent() : p.getParent() == null ? p : p.getParent());
            }
        }
        Files.createDirectories(tmp.resolve("home"));
    }

    /** The one README command that must refuse on a fresh sample library: nothing has failed, so nothing restarts. */
    private static boolean expectedRefusal(List<String> args, CliRun run) {
        return args.get(0).equals("restart") && run.code() == 2 && run.err().contains("restart");
    }

    private String inSandbox(String word) {
        for (Map.Entry<String, String> e : sandbox.entrySet()) {
            if (word.startsWith(e.getKey())) {
                return e.getValue() + word.substring(e.getKey().length());
            }
            if (word.contains("=" + e.getKey())) {
                return word.replace("=" + e.getKey(), "=" + e.getValue());
            }
        }
        return word;
    }

    private String inSandboxText(String text) {
        String out = text;
        for (Map.Entry<String, String> e : sandbox.entrySet()) {
            out = out.replace(" " + e.getKey(), " " + e.getValue());
        }
        return out;
    }

    /** The midicrate command lines of the README: table examples and code-block lines, comments cut. */
    static List<String> commandLines(String readme) {
        List<String> found = new ArrayList<>();
        Pattern example = Pattern.compile("`(midicrate [^`]+)`\\s*\\|\\s*$");
        boolean fenced = false;
        for (String raw : readme.split("\n")) {
            if (raw.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = example.matcher(raw);
            if (raw.startsWith("|") && m.find()) {
                found.add(m.group(1).replace("\\|", "|").strip());
                continue;
            }
            String line = raw.strip();
            if ((fenced || raw.startsWith("    ")) && line.startsWith("midicrate ")) {
                found.add(withoutComment(line));
            }
        }
        return found;
    }

    private static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && i > 0 && line.charAt(i - 1) == ' ') {
                return line.substring(0, i).strip();
            }
        }
        return line;
    }

    /** Splits a command line as a POSIX shell would: quotes group, a backslash escapes in double quotes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /** The job summary the README shows: the code block that follows "end with a summary". */
    private static List<String> summaryBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("with a summary");
        int start = readme.indexOf("```", at);
        int end = readme.indexOf("```", start + 3);
        return readme.substring(readme.indexOf('\n', start) + 1, end).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Lines with what varies from run to run (ids, times, rates) put as '#'. */
    private static List<String> normalised(String text) {
        return normalised(text.lines().toList());
    }

    private static List<String> normalised(List<String> lines) {
        return lines.stream().map(l -> l.strip()
                        .replaceAll("#\\d+", "#N").replaceAll("execution \\d+", "execution N")
                        .replaceAll("--job \\d+", "--job N").replaceAll("in \\d+(\\.\\d+)? (s|ms|min)", "in T")
                        .replaceAll("[\\d,]+ files/s", "R files/s"))
                .filter(l -> !l.isEmpty()).toList();
    }
}
