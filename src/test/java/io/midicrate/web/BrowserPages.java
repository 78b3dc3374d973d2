package io.midicrate.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.midicrate.batch.JobRunner;
import io.midicrate.support.Browser;
import io.midicrate.support.TestDatabase;

/**
 * The base of the browser tests: {@code serve}'s web server on a random port over the test database, with an
 * operator token, the job runner and the import and analyze jobs, and one headless Chromium per class. The
 * subclasses share one application context (the same configuration), and each sets up the library it needs. Import
 * chunks are small, so that a run of a few thousand files has several chunks per partition on any number of cores.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.file.name=target/midicrate-test.log", "midicrate.web.token=" + BrowserPages.TOKEN,
        "server.address=127.0.0.1", "midicrate.import.chunk-size=100",
        "midicrate.preview.cache-dir=target/preview-cache"})
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserPages {

    static final String TOKEN = "operator-secret-for-tests";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRunner runner;
    @Autowired
    Job importJob;
    @Autowired
    Job analyzeJob;

    ChromeDriver browser;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofMinutes(2));
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    /** The number a text starts with ("1,234 files"). */
    static long number(WebElement e) {
        return Long.parseLong(e.getText().trim().split("\\s+")[0].replace(",", ""));
    }

    int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
