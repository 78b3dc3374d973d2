package io.midicrate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.Browser;
import io.midicrate.support.TestMidi;

/**
 * Curation on the page, through real headless Chromium over a real database: a star, a rating and own tags on a
 * search row and the file page; crates made, filled from a search, reordered by drag, downloaded as zip and M3U;
 * the operator token and CSRF rules for every write; two sessions writing at once lose nothing.
 */
@Tag("integration")
class CurationBrowserTest extends BrowserPages {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final String HOSTILE_CRATE = "<img src=x onerror=alert(1)> crate";

    Path library;
    List<Long> ids;

    @BeforeAll
    void library() throws Exception {
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_run, content RESTART IDENTITY CASCADE");
        library = Files.createTempDirectory("midicrate-curation-lib");
        for (String name : List.of("a kick.mid", "b snare.mid", "c hat.mid", "d bass.mid")) {
            TestMidi.write(library.resolve(name), TestMidi.smf(name.hashCode()));
        }
        assertThat(runner.start(importJob, ImportJobConfig.parameters(List.of(library.toAbsolutePath().normalize())))
                .getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(runner.start(analyzeJob, AnalyzeJobConfig.parameters(false)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        ids = jdbc.queryForList("SELECT id FROM content ORDER BY canonical_path", Long.class);
        assertThat(ids).hasSize(4);
    }

    @BeforeEach
    void nothingKeptAndLocked() {
        jdbc.execute("TRUNCATE favourite, rating, user_tag, crate RESTART IDENTITY CASCADE");
        browser.manage().deleteAllCookies(); // a new session: locked until the token is given
    }

    String libraryQuery() {
        return "path:" + library.toAbsolutePath().normalize();
    }

    void unlock() {
        browser.get(url("/crates"));
        browser.findElement(By.id("curation-token")).sendKeys(TOKEN);
        browser.findElement(By.id("curation-unlock-button")).click();
        waiting().until(d -> d.findElements(By.id("curation-unlock")).isEmpty());
    }

    /** Waits across htmx swaps: an element found just before its row was replaced is looked up again. */
    org.openqa.selenium.support.ui.FluentWait<org.openqa.selenium.WebDriver> swapped() {
        return waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    WebElement row(long id) {
        return browser.findElement(By.cssSelector("#results tr.result[data-id='" + id + "']"));
    }

    @Test
    void aStarARatingAndOwnTagsFromASearchRowAndTheFilePage() {
        long id = ids.get(1);
        browser.get(url("/search?q=" + URLEncoder.encode(libraryQuery(), StandardCharsets.UTF_8)));
        // locked: the controls show, disabled, and the page asks for the token once
        assertThat(row(id).findElement(By.cssSelector(".star")).isEnabled()).isFalse();
        browser.findElement(By.id("curation-token")).sendKeys("not-the-token");
        browser.findElement(By.id("curation-unlock-button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("operator token");
        browser.navigate().back();
        browser.navigate().refresh();
        browser.findElement(By.id("curation-token")).sendKeys(TOKEN);
        browser.findElement(By.id("curation-unlock-button")).click();
        waiting().until(d -> d.findElements(By.id("curation-unlock")).isEmpty());
        assertThat(browser.getCurrentUrl()).contains("/search?q=");

        row(id).findElement(By.cssSelector(".star")).click();
        swapped().until(d -> row(id).findElement(By.cssSelector(".star")).getDomAttribute("class").contains("on"));
        assertThat(count("SELECT count(*) FROM favourite f JOIN content c USING (blake3) WHERE c.id = ?", id)).isEqualTo(1);

        row(id).findElements(By.cssSelector(".pip")).get(3).click();
        swapped().until(d -> row(id).findElements(By.cssSelector(".pip.on")).size() == 4);
        assertThat(count("SELECT rating FROM rating r JOIN content c USING (blake3) WHERE c.id = ?", id)).isEqualTo(4);

        row(id).findElement(By.cssSelector(".utag-add input[name=tag]")).sendKeys("Dark\n");
        swapped().until(d -> !row(id).findElements(By.cssSelector(".utag a")).isEmpty());
        assertThat(row(id).findElement(By.cssSelector(".utag a")).getText()).isEqualTo("dark");

        // a word that is no tag is refused in the row, with the rule, and nothing is stored
        row(id).findElement(By.cssSelector(".utag-add input[name=tag]")).sendKeys("two words\n");
        swapped().until(d -> !row(id).findElements(By.cssSelector(".curation-problem")).isEmpty());
        assertThat(row(id).findElement(By.cssSelector(".curation-problem")).getText()).contains("letters, digits");
        // the box takes at most 64 characters (a longer tag sent anyway: writesNeedTheCsrfTokenAndTheOperatorToken)
        assertThat(row(id).findElement(By.cssSelector(".utag-add input[name=tag]")).getDomAttribute("maxlength")).isEqualTo("64");
        assertThat(jdbc.queryForList("SELECT tag FROM user_tag", String.class)).containsExactly("dark");
        Browser.fullPage(browser, "search-curation");

        // the file page shows the same, and takes the tag off; a second click on the 4th pip clears the rating
        browser.get(url("/files/" + id));
        WebElement controls = browser.findElement(By.id("curation-" + id));
        assertThat(controls.findElement(By.cssSelector(".star")).getDomAttribute("class")).contains("on");
        assertThat(controls.findElements(By.cssSelector(".pip.on"))).hasSize(4);
        controls.findElement(By.cssSelector(".utag button")).click();
        swapped().until(d -> d.findElement(By.id("curation-" + id)).findElements(By.cssSelector(".utag")).isEmpty());
        browser.findElement(By.id("curation-" + id)).findElements(By.cssSelector(".pip")).get(3).click();
        swapped().until(d -> d.findElement(By.id("curation-" + id)).findElements(By.cssSelector(".pip.on")).isEmpty());
        assertThat(count("SELECT count(*) FROM user_tag")).isZero();
        assertThat(count("SELECT count(*) FROM rating")).isZero();
        Browser.fullPage(browser, "file-curation");
    }

    @Test
    void aCrateIsMadeFilledFromASearchReorderedByDragAndDownloaded() throws Exception {
        unlock();
        browser.findElement(By.id("crate-new-name")).sendKeys(HOSTILE_CRATE);
        browser.findElement(By.id("crate-new-note")).sendKeys("for the EP");
        browser.findElement(By.id("crate-new-button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("crate-name")));
        assertThat(browser.findElement(By.id("crate-name")).getText()).isEqualTo(HOSTILE_CRATE);
        assertNoInjection();

        // a name that exists (in another case) is refused with a sentence
        browser.get(url("/crates"));
        browser.findElement(By.id("crate-new-name")).sendKeys(HOSTILE_CRATE.toUpperCase());
        browser.findElement(By.id("crate-new-button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.id("problem-message")).getText()).contains("exists already");
        assertThat(count("SELECT count(*) FROM crate")).isEqualTo(1);

        // every match of a search, in the search's order (by path)
        browser.get(url("/search?q=" + URLEncoder.encode(libraryQuery(), StandardCharsets.UTF_8)));
        browser.findElement(By.id("add-matches-crate")).sendKeys(HOSTILE_CRATE);
        browser.findElement(By.id("add-matches-button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("members")));
        assertThat(browser.findElement(By.id("curation-notice")).getText()).startsWith("Added 4 files");
        assertThat(memberOrder()).isEqualTo(ids);
        long crateId = count("SELECT id FROM crate");

        // drag the last file above the first: the page posts the order, and shows it after reloading
        List<WebElement> items = browser.findElements(By.cssSelector("#members li.member"));
        WebElement lastHandle = items.get(3).findElement(By.cssSelector(".handle"));
        new Actions(browser).clickAndHold(lastHandle).moveToElement(items.get(0), 0, -8).pause(200)
                .moveByOffset(0, -2).release().perform();
        List<Long> dragged = List.of(ids.get(3), ids.get(0), ids.get(1), ids.get(2));
        swapped().until(d -> storedOrder(crateId).equals(dragged));
        swapped().until(d -> memberOrder().equals(dragged));
        // one place down without script's drag
        browser.findElements(By.cssSelector("#members li.member")).get(0).findElement(By.cssSelector(".move-down")).click();
        List<Long> moved = List.of(ids.get(0), ids.get(3), ids.get(1), ids.get(2));
        swapped().until(d -> memberOrder().equals(moved));
        assertThat(storedOrder(crateId)).isEqualTo(moved);
        Browser.fullPage(browser, "crate");

        // downloads, in the crate's order: the M3U lists the paths, the zip holds the bytes as 001 ... 004
        HttpResponse<String> m3u = http.send(HttpRequest.newBuilder(URI.create(url("/crates/" + crateId
                + "/download?format=m3u"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(m3u.statusCode()).isEqualTo(200);
        List<String> paths = m3u.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(paths).containsExactlyElementsOf(moved.stream().map(this::path).toList());
        HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create(url("/crates/" + crateId
                + "/download?format=zip"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = unzip(zip.body());
        List<String> midi = entries.keySet().stream().filter(n -> n.endsWith(".mid")).sorted().toList();
        assertThat(midi).hasSize(4);
        for (int i = 0; i < 4; i++) {
            String file = Path.of(path(moved.get(i))).getFileName().toString();
            assertThat(midi.get(i)).isEqualTo(String.format("%03d %s", i + 1, file));
            assertThat(entries.get(midi.get(i))).isEqualTo(Files.readAllBytes(Path.of(path(moved.get(i)))));
        }

        // rename, then remove
        browser.get(url("/crates/" + crateId));
        WebElement rename = browser.findElement(By.id("crate-rename-name"));
        rename.clear();
        rename.sendKeys("Trap drums");
        browser.findElement(By.id("crate-rename-button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("crate-name"), "Trap drums"));
        browser.findElement(By.id("crate-delete-button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("crates")));
        assertThat(browser.findElement(By.id("curation-notice")).getText()).contains("Deleted crate 'Trap drums'");
        assertThat(count("SELECT count(*) FROM crate")).isZero();
        assertThat(count("SELECT count(*) FROM content")).isEqualTo(4);
    }

    @Test
    void addingAQueryThatMatchesNothingSaysSoAndMakesNoCrate() {
        unlock();
        browser.get(url("/search?q=" + URLEncoder.encode("nosuchwordanywhere", StandardCharsets.UTF_8)));
        browser.findElement(By.id("add-matches-crate")).sendKeys("Empty");
        browser.findElement(By.id("add-matches-button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("curation-notice")));
        assertThat(browser.findElement(By.id("curation-notice")).getText())
                .isEqualTo("Nothing matches 'nosuchwordanywhere': crate 'Empty' is unchanged.");
        assertThat(browser.findElement(By.id("q")).getDomProperty("value")).isEqualTo("nosuchwordanywhere");
        assertThat(count("SELECT count(*) FROM crate")).isZero();
    }

    @Test
    void writesNeedTheCsrfTokenAndTheOperatorToken() throws Exception {
        long id = ids.get(0);
        // no CSRF token: refused before anything else, whatever the operator token
        HttpResponse<String> forged = post(http, "/files/" + id + "/star", "token=" + TOKEN);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("this form has expired");
        // the page's CSRF token but no operator token (one is configured): refused
        Session session = new Session();
        HttpResponse<String> noToken = session.post("/files/" + id + "/star", "");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("operator token");
        assertThat(session.post("/crates", "name=Nope").statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM favourite") + count("SELECT count(*) FROM crate")).isZero();
        // with it: stored, and the session is unlocked for the writes after
        assertThat(session.post("/files/" + id + "/star", "token=" + TOKEN).statusCode()).isEqualTo(302);
        assertThat(session.post("/files/" + id + "/rating", "rating=5").statusCode()).isEqualTo(302);
        assertThat(count("SELECT count(*) FROM favourite")).isEqualTo(1);
        assertThat(count("SELECT rating FROM rating")).isEqualTo(5);
        // bad input is a 400 with its sentence, and changes nothing
        HttpResponse<String> six = session.post("/files/" + id + "/rating", "rating=6");
        assertThat(six.statusCode()).isEqualTo(400);
        assertThat(six.body()).contains("a rating is 1 to 5 (0 clears it), not 6");
        assertThat(session.post("/files/" + id + "/tags", "tag=").body()).contains("a tag needs at least one letter");
        assertThat(session.post("/files/" + id + "/tags", "tag=" + "x".repeat(200)).body())
                .contains("a tag has at most 64 characters, not 200");
        assertThat(session.post("/files/" + id + "/rating", "rating=0").statusCode()).as("0 clears").isEqualTo(302);
        assertThat(count("SELECT count(*) FROM rating")).isZero();
        assertThat(session.post("/files/" + id + "/rating", "rating=5").statusCode()).isEqualTo(302);
        assertThat(count("SELECT count(*) FROM user_tag")).isZero();
        assertThat(count("SELECT rating FROM rating")).isEqualTo(5);
        // a redirect never leaves the site
        HttpResponse<String> away = session.post("/files/" + id + "/star", "on=false&back=//evil.example/");
        assertThat(away.headers().firstValue("Location").orElse("")).endsWith("/files/" + id);
    }

    @Test
    void twoSessionsWritingAtOnceLoseNeitherWrite() throws Exception {
        Session first = new Session();
        Session second = new Session();
        long file = ids.get(2);
        assertThat(first.post("/crates", "token=" + TOKEN + "&name=Shared").statusCode()).isEqualTo(302);
        assertThat(second.post("/files/" + file + "/star", "token=" + TOKEN).statusCode()).isEqualTo(302);
        List<Callable<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            int n = i;
            writes.add(() -> first.post("/files/" + file + "/tags", "tag=first" + n).statusCode());
            writes.add(() -> second.post("/files/" + file + "/tags", "tag=second" + n).statusCode());
        }
        // both add all matches to one crate at once: every file once, positions distinct
        writes.add(() -> first.post("/crates/add-matches", "crate=Shared&q=" + enc(libraryQuery() + " kick")).statusCode());
        writes.add(() -> second.post("/crates/add-matches", "crate=Shared&q=" + enc(libraryQuery())).statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Integer> done : pool.invokeAll(writes)) {
                assertThat(done.get()).isEqualTo(302);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM user_tag")).isEqualTo(30);
        assertThat(count("SELECT count(*) FROM crate_member")).isEqualTo(4);
        assertThat(count("SELECT count(DISTINCT position) FROM crate_member")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM favourite")).isEqualTo(1);
    }

    void assertNoInjection() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    }

    List<Long> memberOrder() {
        return browser.findElements(By.cssSelector("#members li.member a.path")).stream()
                .map(a -> Long.parseLong(a.getDomAttribute("href").replaceAll(".*/", ""))).toList();
    }

    List<Long> storedOrder(long crateId) {
        return jdbc.queryForList("""
                SELECT c.id FROM crate_member m JOIN content c USING (blake3) WHERE m.crate_id = ? ORDER BY m.position""",
                Long.class, crateId);
    }

    String path(long id) {
        return jdbc.queryForObject("SELECT canonical_path FROM content WHERE id = ?", String.class, id);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    HttpResponse<String> post(HttpClient client, String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A browser session without a browser: its cookie, and the CSRF token its pages carry. */
    final class Session {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        final String csrf;

        Session() throws Exception {
            String page = client.send(HttpRequest.newBuilder(URI.create(url("/crates"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = CSRF.matcher(page);
            assertThat(m.find()).as("a CSRF token in the page").isTrue();
            csrf = m.group(1);
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return CurationBrowserTest.this.post(client, path, "_csrf=" + enc(csrf) + (form.isEmpty() ? "" : "&" + form));
        }
    }
}
