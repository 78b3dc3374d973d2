package io.midicrate.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Audition timings of a running {@code midicrate serve} (a benchmark, not a test): how soon a preview never played
 * before starts to sound, how soon a cached one does, and what four people auditioning at once do to the other
 * pages.
 * <ul>
 * <li><b>first byte</b>: the response's headers have arrived; <b>first sound</b>: the WAV header and its first 0.1 s
 * of audio have arrived, enough for a browser to start playing;</li>
 * <li>never played: each request asks for a tempo no earlier request asked for, so nothing is cached;</li>
 * <li>under load: four auditioners each take a new preview, listen for 1.5 s (read the stream, then hang up, as a
 * person pressing the down arrow does), and go on; meanwhile the home page, a search page, its facets and file pages
 * are timed as {@link PageBench} times them, and once more with nobody auditioning.</li>
 * </ul>
 * <pre>
 * java -cp target/test-classes io.midicrate.bench.AuditionBench http://127.0.0.1:8086 [previews] [page rounds]
 * </pre>
 */
public final class AuditionBench {

    static final int FIRST_SOUND_BYTES = 44 + 4_410 * 4;
    static final int AUDITIONERS = 4;

    private AuditionBench() {
    }

    record Timing(double firstByteMs, double firstSoundMs, double wholeMs, String cache) {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8086";
        int previews = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.println("load average (1, 5, 15 min) before: " + PageBench.loadAverage());
        HttpClient http = HttpClient.newHttpClient();
        List<Long> ids = ids(http, base);
        System.out.println(ids.size() + " files to audition, " + Runtime.getRuntime().availableProcessors() + " cores here");
        AtomicInteger tempo = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 100_000));

        for (int i = 0; i < 5; i++) { // warm-up: JIT, the SoundFont's pages, the database's cache
            fetch(http, previewUrl(base, ids.get(i % ids.size()), tempo), Integer.MAX_VALUE);
        }
        List<String> urls = new ArrayList<>();
        List<Timing> fresh = new ArrayList<>();
        for (int i = 0; i < previews; i++) {
            String url = previewUrl(base, ids.get(i % ids.size()), tempo);
            urls.add(url);
            fresh.add(fetch(http, url, Integer.MAX_VALUE));
        }
        List<Timing> cached = new ArrayList<>();
        for (String url : urls) {
            cached.add(fetch(http, url, Integer.MAX_VALUE));
        }
        System.out.printf("%-34s %8s %8s %8s %6s%n", "preview", "p50 ms", "p95 ms", "max ms", "runs");
        report("never played: first byte", fresh.stream().map(Timing::firstByteMs).toList());
        report("never played: first sound", fresh.stream().map(Timing::firstSoundMs).toList());
        report("never played: whole WAV", fresh.stream().map(Timing::wholeMs).toList());
        report("cached: first sound", cached.stream().map(Timing::firstSoundMs).toList());
        report("cached: whole WAV", cached.stream().map(Timing::wholeMs).toList());
        long misses = fresh.stream().filter(t -> "miss".equals(t.cache())).count();
        long hits = cached.stream().filter(t -> "hit".equals(t.cache())).count();
        System.out.printf("cache: %d of %d first plays rendered, %d of %d second plays from the cache%n",
                misses, fresh.size(), hits, cached.size());

        List<String> pages = pages(http, base, ids);
        System.out.printf("%n%-34s %8s %8s %8s %6s%n", "other pages (" + pages.size() + " URLs)", "p50 ms", "p95 ms", "max ms", "runs");
        report("nobody auditioning", timePages(http, base, pages, rounds));
        AtomicBoolean running = new AtomicBoolean(true);
        List<Double> auditioned = Collections.synchronizedList(new ArrayList<>());
        ExecutorService listeners = Executors.newFixedThreadPool(AUDITIONERS);
        for (int a = 0; a < AUDITIONERS; a++) {
            int seat = a;
            listeners.submit(() -> {
                int n = seat;
                while (running.get()) {
                    String url = previewUrl(base, ids.get(n++ * 7 % ids.size()), tempo);
                    try {
                        auditioned.add(listen(http, url, 1500).firstSoundMs());
                    } catch (Exception e) {
                        System.out.println("auditioner: " + e);
                    }
                }
                return null;
            });
        }
        Thread.sleep(2000);
        report("four auditioning", timePages(http, base, pages, rounds));
        running.set(false);
        listeners.shutdown();
        listeners.awaitTermination(1, TimeUnit.MINUTES);
        report("their previews: first sound", auditioned);
        System.out.println("load average (1, 5, 15 min) after: " + PageBench.loadAverage());
    }

    /** A new tempo for every request: never cached. */
    static String previewUrl(String base, long id, AtomicInteger tempo) {
        int t = tempo.incrementAndGet();
        return String.format(Locale.ROOT, "%s/preview/%d.wav?bpm=%d.%02d", base, id, 80 + t % 80, t / 80 % 100);
    }

    static Timing fetch(HttpClient http, String url, long listenMs) throws Exception {
        return listen(http, url, listenMs);
    }

    /** Requests a preview and reads it: all of it, or for {@code listenMs} after the first sound, then hangs up. */
    static Timing listen(HttpClient http, String url, long listenMs) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        double firstByte = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode()
                    + ": " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
        double firstSound = 0;
        long read = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read += n;
                if (firstSound == 0 && read >= FIRST_SOUND_BYTES) {
                    firstSound = (System.nanoTime() - t0) / 1e6;
                }
                if (firstSound > 0 && (System.nanoTime() - t0) / 1e6 - firstSound > listenMs) {
                    break; // the listener moves on
                }
            }
        }
        return new Timing(firstByte, firstSound, (System.nanoTime() - t0) / 1e6,
                response.headers().firstValue("X-Preview-Cache").orElse("?"));
    }

    static List<Long> ids(HttpClient http, String base) throws Exception {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("data-id=\"(\\d+)\"").matcher(get(http, base + "/search?q=" + enc("status:ok")).body());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("the library has no analysed file to audition");
        }
        return ids;
    }

    static List<String> pages(HttpClient http, String base, List<Long> ids) {
        List<String> pages = new ArrayList<>(List.of("/", "/search?q=" + enc("key:Am"), "/search/facets?q=" + enc("key:Am"),
                "/search?q=" + enc("bpm:120..128 drums:yes"), "/search/facets?q=" + enc("bpm:120..128 drums:yes")));
        for (int i = 0; i < Math.min(5, ids.size()); i++) {
            pages.add("/files/" + ids.get(i * 3 % ids.size()));
        }
        return pages;
    }

    static List<Double> timePages(HttpClient http, String base, List<String> pages, int rounds) throws Exception {
        for (String page : pages) {
            get(http, base + page);
        }
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String page : pages) {
                long t = System.nanoTime();
                HttpResponse<String> response = get(http, base + page);
                ms.add((System.nanoTime() - t) / 1e6);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(page + " answered " + response.statusCode());
                }
            }
        }
        return ms;
    }

    static void report(String what, List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.printf("%-34s (none)%n", what);
            return;
        }
        System.out.printf("%-34s %8.1f %8.1f %8.1f %6d%n", what, PageBench.percentile(sorted, 50),
                PageBench.percentile(sorted, 95), sorted[sorted.length - 1], sorted.length);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }
}
