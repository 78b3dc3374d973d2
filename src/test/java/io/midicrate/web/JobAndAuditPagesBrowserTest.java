package io.midicrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobFailure;
import io.midicrate.batch.JobLocks;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.reprocessjob.Reprocessing;
import io.midicrate.reprocessjob.Selection;
import io.midicrate.support.Browser;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * The figures and words of the job and audit pages against the database, and the refusals of Spring Security as
 * the project's error page: an import's rate, a run stopped at a chunk boundary and restarted from its page, an
 * audit, and POSTs without the page's CSRF token.
 */
@Tag("integration")
class JobAndAuditPagesBrowserTest extends BrowserPages {

    static final Pattern ISO_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobLocks locks;
    @Autowired
    Reprocessing reprocessing;

    Path libraries;

    @BeforeAll
    void analysedLibrary() throws Exception {
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_run, content RESTART IDENTITY CASCADE");
        libraries = Files.createTempDirectory("midicrate-web-jobs");
        assertThat(importRoot("analysed", 40).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(runner.start(analyzeJob, AnalyzeJobConfig.parameters(false)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    JobExecution importRoot(String name, int files) throws Exception {
        return runner.start(importJob, ImportJobConfig.parameters(List.of(root(name, files))));
    }

    Path root(String name, int files) {
        Path root = libraries.resolve(name);
        if (!Files.isDirectory(root)) {
            TestMidi.library(root, files, 4, files);
        }
        return root.toAbsolutePath().normalize();
    }

    /** Files an execution's partition workers finished with, and its duration, as the job repository holds them. */
    double filesPerSecond(long executionId) {
        return jdbc.queryForObject("""
                SELECT sum(s.write_count + s.filter_count + s.write_skip_count)
                       / extract(epoch FROM (e.end_time - e.start_time))
                FROM batch_job_execution e JOIN batch_step_execution s ON s.job_execution_id = e.job_execution_id
                WHERE e.job_execution_id = ? AND s.step_name LIKE '%:partition%'
                GROUP BY e.end_time, e.start_time""", Double.class, executionId);
    }

    String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void anImportsRateIsItsFilesOverItsDurationAndStaysSoOnReload() throws Exception {
        JobExecution execution = importRoot("imported", 2_000);
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        browser.get(url("/jobs/" + execution.getId()));
        String rate = text("progress-rate");
        double expected = filesPerSecond(execution.getId());
        assertThat((double) number(browser.findElement(By.id("progress-rate"))))
                .as("files/s shown, against %.1f files over the execution's duration", expected)
                .isBetween(expected / 1.5 - 1, expected * 1.5 + 1);
        assertThat(text("progress-done")).isEqualTo("2,000 of 2,000 files");
        assertThat(browser.findElements(By.cssSelector("#live .progress span.w100"))).hasSize(1);
        Browser.fullPage(browser, "job");

        browser.get(url("/jobs"));
        assertThat(browser.findElement(By.cssSelector("#executions tr[data-execution='" + execution.getId() + "']")).getText())
                .as("the jobs list says files, not step counts").contains("found 2,000 MIDI files: ");
        browser.get(url("/jobs/" + execution.getId()));

        Thread.sleep(1_500); // a rate over the time since some moment would fall by now
        browser.navigate().refresh();
        assertThat(text("progress-rate")).isEqualTo(rate);
        browser.navigate().refresh();
        assertThat(text("progress-rate")).isEqualTo(rate);
    }

    @Test
    void aStoppedRunSaysSoInWordsAndOnceRestartedOnlyItsNewestExecutionOffersARestart() throws Exception {
        Path root = root("stopped", 3_000);
        long before = count("SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution");
        CompletableFuture<JobExecution> run;
        // the hash's first inserts wait on a lock this test holds, so the stop lands in the middle of the run
        JobLocks.Held gate = locks.tryLock("web-test-gate");
        Triggers.gateInserts(jdbc, "location", "web-test-gate");
        try {
            run = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner.start(importJob, ImportJobConfig.parameters(List.of(root)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waiting().until(d -> count("""
                    SELECT count(*) FROM batch_step_execution WHERE job_execution_id > ?
                    AND step_name LIKE 'importHashWorker:%' AND status = 'STARTED'""", before) > 0);
            jobOperator.stop(runner.find(count("SELECT max(job_execution_id) FROM batch_job_execution")));
        } finally {
            gate.close();
            Triggers.drop(jdbc, "location");
        }
        JobExecution stopped = run.get(2, TimeUnit.MINUTES);
        assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);

        browser.get(url("/jobs/" + stopped.getId()));
        assertThat(text("exit-description")).isEqualTo(JobFailure.STOPPED);
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Exception").doesNotContain("org.");
        long doneWhenStopped = number(browser.findElement(By.id("progress-done")));
        assertThat(text("progress-done")).endsWith(" of 3,000 files");
        assertThat(doneWhenStopped).isPositive().isLessThan(3_000);
        Browser.fullPage(browser, "job-stopped");
        browser.findElement(By.id("restart-token")).sendKeys(TOKEN);
        browser.findElement(By.id("restart")).click();
        waiting().until(d -> count("""
                SELECT count(*) FROM batch_job_execution WHERE job_instance_id = ? AND status = 'COMPLETED'""",
                stopped.getJobInstance().getInstanceId()) == 1);
        long restart = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution WHERE job_instance_id = ?",
                Long.class, stopped.getJobInstance().getInstanceId());

        // the restart: the run's files over both executions, all done, at its own rate
        browser.get(url("/jobs/" + restart));
        assertThat(text("progress-done")).isEqualTo("3,000 of 3,000 files over the run's 2 executions");
        assertThat(browser.findElements(By.cssSelector("#live .progress span.w100"))).hasSize(1);
        double expected = filesPerSecond(restart);
        assertThat((double) number(browser.findElement(By.id("progress-rate")))).isBetween(expected / 1.5 - 1, expected * 1.5 + 1);
        assertThat(text("restart-of")).isEqualTo("a restart of execution " + stopped.getId());
        assertThat(browser.findElements(By.id("restart-form"))).isEmpty();

        // the stopped one: where the run was when it stopped, what continued it, and no Restart
        browser.get(url("/jobs/" + stopped.getId()));
        assertThat(number(browser.findElement(By.id("progress-done")))).isEqualTo(doneWhenStopped);
        assertThat(text("restarted-as")).isEqualTo("restarted as execution " + restart);
        assertThat(browser.findElements(By.id("restart-form"))).isEmpty();

        // restarting it all the same (a form kept open, with the page's CSRF token) is the styled 409 with a sentence
        browser.get(url("/reprocess"));
        browser.executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                for (const [name, value] of [['token', arguments[1]],
                        ['_csrf', document.querySelector('input[name=_csrf]').value]]) {
                    const input = document.createElement('input');
                    input.type = 'hidden';
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""", "/jobs/" + stopped.getId() + "/restart", TOKEN);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.cssSelector(".problem-status")).getText()).isEqualTo("409");
        assertThat(text("problem-message")).isEqualTo(
                "execution " + stopped.getId() + " was already restarted as " + restart + ", which completed");
    }

    @Test
    void theAuditPagesShowLocalTimesToTheSecondAndTheSelectionInWords() throws Exception {
        Path root = root("analysed", 40);
        JobExecution execution = reprocessing.run(new Selection(null, List.of(root.toString()), null, 99, false, null,
                false), "tester", "checking the audit page", "midicrate reprocess --path " + root + " --version-below 99");
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long audit = count("SELECT id FROM audit WHERE reason = 'checking the audit page'");
        String started = PAGE_TIME.format(jdbc.queryForObject("SELECT started_at FROM audit WHERE id = ?",
                java.sql.Timestamp.class, audit).toInstant().atZone(ZoneId.systemDefault()));

        browser.get(url("/audits"));
        String list = browser.findElement(By.id("audits")).getText();
        assertThat(list).contains(started).doesNotContainPattern(ISO_TIMESTAMP);

        browser.get(url("/audits/" + audit));
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(text("audit-selection")).isEqualTo("paths under " + root + ", analysis version below 99");
        assertThat(text("audit-started")).isEqualTo(started);
        assertThat(text("audit-finished")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(page).doesNotContainPattern(ISO_TIMESTAMP).doesNotContain("{").doesNotContain("\"ids\"");
        Browser.fullPage(browser, "audit");
    }

    @Test
    void aPostWithoutThePagesCsrfTokenIsTheStyledForbiddenPage() throws Exception {
        long audits = count("SELECT count(*) FROM audit");
        // a form kept open while the session it came from ended
        browser.get(url("/reprocess?q=drums:yes"));
        browser.findElement(By.id("reprocess-reason")).sendKeys("a stale form");
        browser.findElement(By.id("reprocess-token")).sendKeys(TOKEN);
        browser.manage().deleteAllCookies();
        browser.findElement(By.id("reprocess-start")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("problem-message")));
        assertThat(browser.findElement(By.cssSelector(".problem-status")).getText()).isEqualTo("403");
        assertThat(text("problem-message"))
                .isEqualTo("this form has expired or came from another page: reload and try again");
        assertThat(browser.findElements(By.cssSelector("header.topbar"))).as("the page's own layout").hasSize(1);
        Browser.fullPage(browser, "forbidden");

        // a POST from elsewhere, as a script or another site sends it, to each write action
        for (String action : List.of("/reprocess", "/jobs/1/restart")) {
            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(url(action)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN + "&query=drums:yes&reason=forged")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(forged.body()).contains("id=\"problem-message\"")
                    .contains("this form has expired or came from another page: reload and try again")
                    .doesNotContain("\"status\":");
        }
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(audits);
    }
}
