package io.midicrate.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page timings of a running {@code midicrate serve}: each page fetched over loopback after a warm-up, p50/p95/max
 * per page. Loopback adds well under a millisecond, so these are the server's times (database, query layer, template).
 *
 * <pre>
 * java -cp target/test-classes io.midicrate.bench.PageBench http://127.0.0.1:8086 [rounds]
 * </pre>
 */
public final class PageBench {

    private PageBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8086";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
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
