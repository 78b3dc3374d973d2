package io.midicrate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.corpus.Corpus;
import io.midicrate.corpus.TestMidi;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.SearchRow;
import io.midicrate.query.Sort;
import io.midicrate.support.Browser;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The web page as a person uses it: {@code serve}'s web server on a random port over a real database holding the
 * test corpus (and two hostile names), driven through real headless Chromium. Screenshots go to target/screenshots.
 */
@Tag("integration")
class WebPageBrowserTest extends BrowserPages {

    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>.mid";
    static final String HOSTILE_TRACK = "</script><script>alert(2)</script>";

    @Autowired
    org.springframework.batch.core.repository.JobRepository jobRepository;
    @Autowired
    LibrarySearch search;

    Path library;

    @BeforeAll
    void library() throws Exception {
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_run, content RESTART IDENTITY CASCADE");
        library = Files.createTempDirectory("midicrate-web-lib");
        Path corpus = Corpus.dir().resolve("real");
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = library.resolve("corpus").resolve(corpus.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        TestMidi hostile = new TestMidi(96, 1)
                .text(0, 0, 0x03, HOSTILE_TRACK.getBytes(StandardCharsets.UTF_8))
                .note(0, 0, 0, 96, 60, 100).note(0, 0, 96, 96, 64, 100).note(0, 0, 192, 96, 67, 100);
        Files.write(library.resolve(HOSTILE_NAME), hostile.bytes());
        try (Stream<Path> files = Files.walk(corpus)) { // one duplicate, so the library wastes some space
            Path first = files.filter(f -> f.toString().endsWith(".mid")).sorted().findFirst().orElseThrow();
            Files.copy(first, library.resolve("copy of " + first.getFileName()));
        }
        assertThat(runner.start(importJob, ImportJobConfig.parameters(List.of(library.toAbsolutePath().normalize())))
                .getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(runner.start(analyzeJob, AnalyzeJobConfig.parameters(false)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    void assertNoAlertAndNoInjectedImage() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("img[src='x']"))).as("an injected <img>").isEmpty();
        assertThat((Object) browser.executeScript("return window.__injected === undefined")).isEqualTo(true);
    }

    @Test
    void theHomePageShowsTheLibrarysTotalsAndDrawsItsCharts() {
        browser.get(url("/"));
        // the overview is counted in the background after the jobs; the page reloads itself when it is ready
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("total-paths")));
        waiting().until(d -> d.findElements(By.id("updating")).isEmpty());
        assertThat(number(browser.findElement(By.id("total-paths")))).isEqualTo(count("SELECT count(*) FROM location"));
        assertThat(number(browser.findElement(By.id("total-contents")))).isEqualTo(count("SELECT count(*) FROM content"));
        assertThat(number(browser.findElement(By.id("total-duplicates")))).isEqualTo(
                count("SELECT count(*) FROM location") - count("SELECT count(*) FROM content")).isPositive();
        assertThat(number(browser.findElement(By.id("total-analysed"))))
                .isEqualTo(count("SELECT count(*) FROM content WHERE analysis_status = 'ok'"));

        for (String chart : List.of("chart-tempo", "chart-meters", "chart-drums", "chart-families", "chart-imports")) {
            waiting().until(d -> Boolean.TRUE.equals(browser.executeScript("""
                    const c = Chart.getChart(document.getElementById(arguments[0]));
                    return c !== undefined && c.data.datasets[0].data.length > 0
                        && c.data.datasets[0].data.reduce((a, b) => a + b, 0) > 0;""", chart)));
        }
        List<WebElement> slices = browser.findElements(By.cssSelector("#keywheel a.slice"));
        assertThat(slices).hasSize(24);
        long keyed = slices.stream().mapToLong(s -> Long.parseLong(s.getDomAttribute("data-count"))).sum();
        assertThat(keyed).isEqualTo(count("SELECT count(*) FROM analysis WHERE key_index IS NOT NULL")).isPositive();
        Browser.fullPage(browser, "home");
    }

    @Test
    void typingAQueryShowsItsRowsAFacetNarrowsItAndABadTermIsShownUnderTheBox() throws Exception {
        browser.get(url("/search"));
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys("drums:yes", Keys.ENTER);
        waiting().until(ExpectedConditions.urlContains("q=drums"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("result-count"))); // the facets load after the rows
        long withDrums = count("SELECT count(*) FROM analysis WHERE has_drums");
        assertThat(number(browser.findElement(By.id("result-count")))).isEqualTo(withDrums).isPositive();
        Set<Long> shown = ids();
        assertThat(shown).isSubsetOf(new HashSet<>(jdbc.queryForList(
                "SELECT content_id FROM analysis WHERE has_drums", Long.class))).hasSize((int) Math.min(withDrums, 50));
        Browser.fullPage(browser, "search");

        WebElement meter = browser.findElement(By.cssSelector("#facets a.facet-link[data-query*='meter:']"));
        String narrowed = meter.getDomAttribute("data-query");
        long facetCount = Long.parseLong(meter.findElement(By.cssSelector(".n")).getText().replace(",", ""));
        meter.click();
        waiting().until(ExpectedConditions.urlContains("meter"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("result-count")));
        assertThat(browser.findElement(By.id("q")).getDomProperty("value")).isEqualTo(narrowed).startsWith("drums:yes ");
        String meterValue = narrowed.substring(narrowed.indexOf("meter:") + 6);
        assertThat(number(browser.findElement(By.id("result-count")))).isEqualTo(facetCount)
                .isEqualTo(count("SELECT count(*) FROM analysis WHERE has_drums AND time_signature = ?", meterValue))
                .isLessThanOrEqualTo(withDrums);

        box = browser.findElement(By.id("q"));
        box.clear();
        box.sendKeys("bpm:fast", Keys.ENTER);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("query-error")));
        assertThat(browser.findElement(By.id("query-error")).getText()).contains("bpm:fast");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(url("/search?q=bpm:fast"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        // the query layer names the problem; the page says it in its own words, not the command line's options
        HttpResponse<String> badCursor = http.send(HttpRequest.newBuilder(URI.create(url("/search?q=&after=nonsense")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(badCursor.body()).contains("the next-page link takes the cursor").doesNotContain("--after");
        HttpResponse<String> badSort = http.send(HttpRequest.newBuilder(URI.create(url("/search?q=&sort=size")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badSort.body()).contains("the sort order takes bpm").doesNotContain("--sort");
    }

    @Test
    void theDownloadLinksGiveEveryMatchAsCsvAndM3u() throws Exception {
        // every file, slowest first: more rows than a page holds
        browser.get(url("/search?q=&sort=bpm"));
        String csvHref = browser.findElement(By.id("download-csv")).getDomAttribute("href");
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(url(csvHref))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        List<SearchRow> every = new ArrayList<>();
        search.forEachMatch(Query.all(), Sort.BPM, every::add);
        assertThat(every).hasSizeGreaterThan(50);
        List<Map<String, String>> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CsvMapper.builder().build().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.body())) {
            it.forEachRemaining(lines::add);
        }
        assertThat(lines.stream().map(l -> Long.parseLong(l.get("id"))).toList())
                .isEqualTo(every.stream().map(SearchRow::id).toList());
        assertThat(new HashSet<>(lines.stream().map(l -> Long.parseLong(l.get("id"))).toList()))
                .isEqualTo(new HashSet<>(jdbc.queryForList("SELECT id FROM content", Long.class)));
        assertThat(lines.stream().map(l -> l.get("path")).toList()).isEqualTo(every.stream().map(SearchRow::path).toList());

        browser.get(url("/search?q=drums:yes"));
        String m3uHref = browser.findElement(By.id("download-m3u")).getDomAttribute("href");
        HttpResponse<String> m3u = http.send(HttpRequest.newBuilder(URI.create(url(m3uHref))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(m3u.statusCode()).isEqualTo(200);
        assertThat(m3u.body()).startsWith("#EXTM3U\n#EXTINF:");
        List<String> paths = m3u.body().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(paths).isEqualTo(jdbc.queryForList("""
                SELECT c.canonical_path FROM content c JOIN analysis a ON a.content_id = c.id WHERE a.has_drums
                ORDER BY c.canonical_path, c.id""", String.class));

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(url("/search/download?q=bpm:fast&format=csv")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bpm:fast").contains("problem-message");
        assertThat(status("/search/download?q=&format=xml")).isEqualTo(400);
    }

    Set<Long> ids() {
        Set<Long> ids = new HashSet<>();
        for (WebElement row : browser.findElements(By.cssSelector("#results tr.result"))) {
            ids.add(Long.parseLong(row.getDomAttribute("data-id")));
        }
        return ids;
    }

    @Test
    void pagingThroughEveryFileNeitherSkipsNorRepeats() {
        browser.get(url("/search?sort=bpm"));
        List<Long> seen = new ArrayList<>();
        int pages = 0;
        while (true) {
            pages++;
            // the rows are read once the page has settled: two looks a quarter-second apart see the same number (the
            // page's scripts add play buttons and stars to every row after load)
            int[] last = {-1};
            waiting().pollingEvery(java.time.Duration.ofMillis(250)).until(d -> {
                int rows = d.findElements(By.cssSelector("#results tr.result")).size();
                boolean settled = rows > 0 && rows == last[0]
                        && "complete".equals(browser.executeScript("return document.readyState"));
                last[0] = rows;
                return settled;
            });
            for (WebElement row : browser.findElements(By.cssSelector("#results tr.result"))) {
                seen.add(Long.parseLong(row.getDomAttribute("data-id")));
            }
            List<WebElement> next = browser.findElements(By.id("next-page"));
            if (next.isEmpty()) {
                break;
            }
            String before = browser.getCurrentUrl();
            next.get(0).click();
            // the new address shows before the page has loaded: read its rows (and its next link) once it has
            waiting().until(d -> !d.getCurrentUrl().equals(before)
                    && "complete".equals(browser.executeScript("return document.readyState")));
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(jdbc.queryForList("SELECT id FROM content", Long.class)));
    }

    @Test
    void theFilePageDrawsOneMarkPerNoteAndTheDownloadIsTheFileByteForByte() throws Exception {
        List<Map<String, Object>> files = jdbc.queryForList("""
                SELECT a.content_id, a.note_count, c.canonical_path FROM analysis a JOIN content c ON c.id = a.content_id
                WHERE a.note_count BETWEEN 1 AND 20000 AND a.has_drums AND NOT a.drums_only
                ORDER BY a.note_count DESC LIMIT 3""");
        assertThat(files).hasSize(3);
        boolean first = true;
        for (Map<String, Object> file : files) {
            long id = ((Number) file.get("content_id")).longValue();
            browser.get(url("/files/" + id));
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("pianoroll")));
            long marks = (Long) browser.executeScript("return document.querySelectorAll('#pianoroll rect.note').length");
            assertThat(marks).as("piano-roll marks of content " + id).isEqualTo(((Number) file.get("note_count")).longValue());
            assertThat(browser.findElements(By.cssSelector("#paths tr"))).isNotEmpty();
            if (first) {
                waiting().until(d -> Boolean.TRUE.equals(browser.executeScript(
                        "return Chart.getChart(document.getElementById('chart-tempo-map')) !== undefined")));
                Browser.fullPage(browser, "file");
                first = false;
            }
            String href = browser.findElement(By.id("download")).getDomAttribute("href");
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(url(href))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(Files.readAllBytes(Path.of((String) file.get("canonical_path"))));
            assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        }
    }

    @Test
    void hostileNamesAndTextRenderAsText() {
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path LIKE ?", Long.class, "%onerror%");
        browser.get(url("/files/" + id));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("file-name")));
        assertNoAlertAndNoInjectedImage();
        assertThat(browser.findElement(By.id("file-name")).getText()).isEqualTo(HOSTILE_NAME);
        assertThat(browser.findElement(By.id("track-names")).getText()).contains(HOSTILE_TRACK);
        assertThat(browser.findElements(By.cssSelector("#pianoroll rect.note"))).hasSize(3);

        browser.get(url("/search?q=id:" + id));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
        assertNoAlertAndNoInjectedImage();
        assertThat(browser.findElement(By.id("results")).getText()).contains(HOSTILE_NAME);
    }

    @Test
    void aRowShowsThePathTheQueryWasAboutAndHowManyOtherPathsHoldItsBytes() {
        long id = jdbc.queryForObject("SELECT content_id FROM location WHERE path LIKE '%/copy of %'", Long.class);
        String first = jdbc.queryForObject("SELECT canonical_path FROM content WHERE id = ?", String.class, id);
        String inCorpus = jdbc.queryForObject("SELECT path FROM location WHERE content_id = ? AND starts_with(path, ?)",
                String.class, id, library.resolve("corpus").toString());
        for (Map.Entry<String, String> q : Map.of("id:" + id, first, "id:" + id + " path:" + library.resolve("corpus"),
                inCorpus).entrySet()) {
            browser.get(url("/search?q=" + java.net.URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)));
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
            WebElement row = browser.findElement(By.cssSelector("#results tr.result td.path"));
            assertThat(row.findElement(By.tagName("a")).getText()).as(q.getKey()).isEqualTo(q.getValue());
            assertThat(row.findElement(By.cssSelector(".badge.muted")).getText()).isEqualTo("+1 path");
        }
    }

    @Test
    void aWriteActionWithoutTheTokenIsRefusedAndMistakesGetPagesWithTheirMessage() throws Exception {
        browser.get(url("/jobs"));
        assertThat(browser.findElements(By.cssSelector("#executions tbody tr"))).isNotEmpty();
        Browser.fullPage(browser, "jobs");

        // a failed execution offers a restart; a wrong token is refused with a message and nothing starts
        long failed = failedExecution();
        long executionsBefore = count("SELECT count(*) FROM batch_job_execution");
        browser.get(url("/jobs/" + failed));
        browser.findElement(By.id("restart-token")).sendKeys("not-the-token");
        browser.findElement(By.id("restart")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("operator token");
        assertThat(browser.findElement(By.cssSelector(".problem-status")).getText()).isEqualTo("403");
        assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(executionsBefore);

        // the right token without the page's CSRF token is refused too
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(url("/jobs/" + failed + "/restart")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(executionsBefore);

        browser.get(url("/files/987654321"));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("no file with id 987654321");
        assertThat(status("/files/987654321")).isEqualTo(404);
        assertThat(status("/files/abc")).isEqualTo(400);
        assertThat(status("/jobs/987654321")).isEqualTo(404);
        assertThat(status("/audits/987654321")).isEqualTo(404);
        assertThat(status("/no/such/page")).isEqualTo(404);
    }

    @Test
    void aReprocessStartsFromThePageOnlyWithTheTokenThroughTheCommandsCode() throws Exception {
        long auditsBefore = count("SELECT count(*) FROM audit");
        browser.get(url("/audits"));
        browser.findElement(By.id("new-reprocess")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("reprocess-form")));
        browser.findElement(By.id("reprocess-query")).sendKeys("drums:yes");
        browser.findElement(By.id("reprocess-reason")).sendKeys("checking the drum detector");
        browser.findElement(By.id("reprocess-start")).click(); // no operator token given
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("operator token");
        assertThat(browser.findElement(By.cssSelector(".problem-status")).getText()).isEqualTo("403");
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(auditsBefore);

        // the token without the form's CSRF token is refused too
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(url("/reprocess")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN + "&query=drums:yes&reason=forged")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(auditsBefore);

        // a bad query term is the page's message, and nothing starts
        browser.get(url("/reprocess?q=bpm:fast"));
        browser.findElement(By.id("reprocess-reason")).sendKeys("bad query");
        browser.findElement(By.id("reprocess-token")).sendKeys(TOKEN);
        browser.findElement(By.id("reprocess-start")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("bpm:fast");
        assertThat(browser.findElement(By.cssSelector(".problem-status")).getText()).isEqualTo("400");
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(auditsBefore);

        browser.get(url("/reprocess?q=drums:yes"));
        assertThat(browser.findElement(By.id("reprocess-query")).getDomProperty("value")).isEqualTo("drums:yes");
        browser.findElement(By.id("reprocess-reason")).sendKeys("checking the drum detector");
        browser.findElement(By.id("reprocess-operator")).sendKeys("web tester");
        browser.findElement(By.id("reprocess-token")).sendKeys(TOKEN);
        Browser.fullPage(browser, "reprocess");
        browser.findElement(By.id("reprocess-start")).click();
        waiting().until(ExpectedConditions.urlContains("/jobs"));
        waiting().until(d -> count("SELECT count(*) FROM audit WHERE status = 'COMPLETED' AND reason = ?",
                "checking the drum detector") == 1);
        Map<String, Object> audit = jdbc.queryForMap(
                "SELECT id, operator, command_line, selected FROM audit WHERE reason = ?", "checking the drum detector");
        assertThat(audit.get("operator")).isEqualTo("web tester");
        assertThat((String) audit.get("command_line")).isEqualTo("midicrate reprocess --query drums:yes "
                + "--reason 'checking the drum detector' --operator 'web tester'  # from the web page");
        assertThat(((Number) audit.get("selected")).longValue())
                .isEqualTo(count("SELECT count(*) FROM analysis WHERE has_drums")).isPositive();
        assertThat(new HashSet<>(jdbc.queryForList("SELECT content_id FROM reprocess_selection WHERE audit_id = ?",
                Long.class, audit.get("id")))).isEqualTo(new HashSet<>(jdbc.queryForList(
                "SELECT content_id FROM analysis WHERE has_drums", Long.class)));
    }

    /** An import execution left FAILED, as a crashed run leaves one (its root does not exist). */
    long failedExecution() {
        var parameters = ImportJobConfig.parameters(List.of(library.resolve("gone").toAbsolutePath()));
        var instance = jobRepository.createJobInstance(ImportJobConfig.JOB_NAME, parameters);
        var execution = jobRepository.createJobExecution(instance, parameters,
                new org.springframework.batch.infrastructure.item.ExecutionContext());
        execution.setStatus(BatchStatus.FAILED);
        execution.setStartTime(java.time.LocalDateTime.now());
        execution.setEndTime(java.time.LocalDateTime.now());
        jobRepository.update(execution);
        return execution.getId();
    }
}
