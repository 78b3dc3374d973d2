package io.midicrate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page timings of a running {@code midicrate serve}: each page fetched over loopback after a warm-up, p50/p95/max
 * per page. Loopback adds well under a millisecond, so these are the server's times (database, query layer, template).
 *
 * <pre>
 * java -cp target/test-classes io.midicrate.bench.PageBench http://127.0.0.1:8086 [rounds]    # a running serve
 * java -cp target/test-classes io.midicrate.bench.PageBench DATA_DIR [rounds]                 # starts one itself
 * </pre>
 *
 * Given a database's data directory (e.g. the one {@code bench search} fills), it starts
 * {@code java -jar target/midicrate.jar serve --no-schedules} on it (a free port), measures, and stops it (SIGTERM).
 * The load average is printed before and after: figures from a busy machine are that machine's.
 */
public final class PageBench {

    private PageBench() {
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "http://127.0.0.1:8086";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        if (target.startsWith("http://") || target.startsWith("https://")) {
            measure(target, rounds);
            return;
        }
        Process serve = serve(Path.of(target));
        try {
            measure(url(serve), rounds);
        } finally {
            serve.destroy(); // SIGTERM: serve stops its embedded database
            if (!serve.waitFor(3, TimeUnit.MINUTES)) {
                serve.destroyForcibly();
            }
            stopLeftDatabase(Path.of(target));
        }
    }

    /**
     * The embedded PostgreSQL serve started, when serve left it running (it does when it still sees client
     * connections as it closes), stopped as serve itself stops an adopted one: SIGTERM to the postmaster.
     */
    static void stopLeftDatabase(Path dataDir) throws Exception {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        var postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (postmaster.isPresent()) {
            System.out.println("stopping the database serve left running (pid " + pid + ")");
            postmaster.get().destroy();
            postmaster.get().onExit().get(2, TimeUnit.MINUTES);
        }
    }

    /** {@code serve --no-schedules} on the database in {@code dataDir}, on a free port, its output drained. */
    static Process serve(Path dataDir) throws Exception {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException(dataDir + " is not a database's data directory");
        }
        Path jar = Path.of("target", "midicrate.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw package -DskipTests first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "serve", "--no-schedules")
                .redirectErrorStream(true);
        builder.environment().put("MIDICRATE_DB_DATA_DIR", dataDir.toAbsolutePath().toString());
        builder.environment().put("SERVER_PORT", "0");
        builder.environment().put("LOGGING_FILE_NAME", Path.of("target", "page-bench-serve.log").toAbsolutePath().toString());
        builder.environment().remove("SPRING_DATASOURCE_URL");
        System.out.println("starting serve on " + dataDir.toAbsolutePath());
        return builder.start();
    }

    /** The page's address, read from the line serve prints once it listens; later output is drained. */
    static String url(Process serve) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        Pattern address = Pattern.compile("web page on (http://\\S+?)/ ");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = address.matcher(line);
            if (m.find()) {
                System.out.println(line);
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "serve-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IllegalStateException("serve ended before it listened (exit " + serve.waitFor() + ")");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void measure(String base, int rounds) throws Exception {
        System.out.println("load average (1, 5, 15 min) before: " + loadAverage());
        HttpClient http = HttpClient.newHttpClient();
        // the home page's overview is counted in the background after start: time the page, not the first count
        long t0 = System.nanoTime();
        while (!get(http, base + "/overview/ready").body().contains("true")) {
            if (System.nanoTime() - t0 > 30L * 60 * 1_000_000_000) {
                throw new IllegalStateException("the overview was not counted within 30 minutes");
            }
            Thread.sleep(1000);
        }
        System.out.printf("overview ready after %.1f s of waiting%n", (System.nanoTime() - t0) / 1e9);
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("home", List.of("/"));
        List<String> queries = List.of("key:Am", "key:8A~ bpm:120..128 drums:yes", "tag:house", "dark", "inst:bass -tag:fill",
                "bpm:120..128~ drums:only", "");
        pages.put("search, first page", queries.stream().map(q -> "/search?q=" + enc(q)).toList());
        pages.put("search facets", queries.stream().map(q -> "/search/facets?q=" + enc(q)).toList());
        List<String> files = new ArrayList<>();
        Matcher ids = Pattern.compile("data-id=\"(\\d+)\"").matcher(get(http, base + "/search?q=" + enc("bpm:120..128")).body());
        while (ids.find() && files.size() < 10) {
            files.add("/files/" + ids.group(1));
        }
        pages.put("file page", files);

        System.out.printf("%-20s %8s %8s %8s %6s%n", "page", "p50 ms", "p95 ms", "max ms", "runs");
        for (Map.Entry<String, List<String>> page : pages.entrySet()) {
            if (page.getValue().isEmpty()) {
                System.out.printf("%-20s (nothing to fetch: the library has no file with bpm 120..128)%n", page.getKey());
                continue;
            }
            for (String path : page.getValue()) { // warm-up: JIT, templates, the database's cache
                get(http, base + path);
            }
            List<Double> ms = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (String path : page.getValue()) {
                    long t = System.nanoTime();
                    HttpResponse<String> response = get(http, base + path);
                    ms.add((System.nanoTime() - t) / 1e6);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + response.statusCode());
                    }
                }
            }
            double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-20s %8.1f %8.1f %8.1f %6d%n", page.getKey(), percentile(sorted, 50),
                    percentile(sorted, 95), sorted[sorted.length - 1], sorted.length);
        }
        System.out.println("load average (1, 5, 15 min) after: " + loadAverage());
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

}
