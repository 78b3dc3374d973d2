package io.midicrate.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobRunner;
import io.midicrate.batch.ProgressListener;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.importjob.ImportRuns;
import io.midicrate.importjob.ImportSummary;

/** The summary a person reads after a job, and the exit code that goes with it. */
final class Reports {

    private Reports() {
    }

    static int print(ConfigurableApplicationContext context, JobExecution execution) {
        context.getBean(ProgressListener.class).finish();
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        PrintStream out = System.out;
        String job = execution.getJobInstance().getJobName();
        long runId = execution.getJobInstance().getInstanceId();
        double seconds = seconds(execution.getStartTime(), execution.getEndTime());
        out.printf("%s #%d (execution %d) %s in %s%n", job, runId, execution.getId(), execution.getStatus(),
                formatDuration(seconds));
        if (execution.getStatus() == BatchStatus.COMPLETED && ImportJobConfig.JOB_NAME.equals(job)) {
            ImportSummary s = ImportRuns.find(jdbc, runId);
            if (s != null) {
                long read = s.found() - s.unchanged();
                out.printf("  found %,d MIDI files: %,d new, %,d duplicate, %,d unchanged, %,d failed%n",
                        s.found(), s.newContents(), s.duplicates(), s.unchanged(), s.failed());
                double runSeconds = Math.max(runSeconds(jdbc, runId), 1e-3);
                out.printf("  %,.0f files/s, %.1f MB/s read (%,d files read)%n", s.found() / runSeconds,
                        s.bytesRead() / 1e6 / runSeconds, read);
            }
        }
        if (AnalyzeJobConfig.JOB_NAME.equals(job)) {
            long analysed = jdbc.queryForObject("""
                    SELECT coalesce(sum(s.write_count), 0) FROM batch_step_execution s
                    JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
                    WHERE e.job_instance_id = ? AND s.step_name LIKE 'analyzeWorker:%'""", Long.class, runId);
            long failed = jdbc.queryForObject("SELECT count(*) FROM file_error WHERE run_id = ?", Long.class, runId);
            double runSeconds = runSeconds(jdbc, runId);
            out.printf("  analysed %,d files: %,d ok, %,d failed; %,.0f files/s%n", analysed, analysed - failed, failed,
                    analysed / Math.max(runSeconds, 1e-3));
        }
        if (io.midicrate.reprocessjob.ReprocessJobConfig.JOB_NAME.equals(job)) {
            long auditId = io.midicrate.reprocessjob.Reprocessing.auditId(execution);
            Map<String, Object> a = jdbc.queryForMap("SELECT selected, changed, unchanged, failed FROM audit WHERE id = ?", auditId);
            out.printf("  audit %d: %s selected, %s changed, %s unchanged, %s failed (details: midicrate audit %d)%n", auditId,
                    a.get("selected"), a.get("changed"), a.get("unchanged"), a.get("failed"), auditId);
        }
        printFailures(jdbc, runId, out);
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            // one line: what failed, why (family and message), and what to do; the stack trace is in the log
            System.err.printf("%s %s: %s; resume it with `midicrate restart %d` (details in %s)%n", job,
                    execution.getStatus() == BatchStatus.STOPPED ? "stopped" : "failed", failureReason(context, execution),
                    execution.getId(), logFile(context));
            return MidicrateCli.JOB_FAILED;
        }
        return MidicrateCli.OK;
    }

    private static void printFailures(JdbcTemplate jdbc, long runId, PrintStream out) {
        List<Map<String, Object>> families = jdbc.queryForList(
                "SELECT family, count(*) AS n FROM file_error WHERE run_id = ? GROUP BY family ORDER BY n DESC, family", runId);
        if (!families.isEmpty()) {
            StringBuilder line = new StringBuilder("  failures by family:");
            for (Map<String, Object> f : families) {
                line.append(' ').append(f.get("family")).append(' ').append(f.get("n")).append(',');
            }
            line.setLength(line.length() - 1);
            out.println(line);
            out.println("  details: SELECT path, family, message FROM file_error WHERE run_id = " + runId);
        }
    }

    static String failureReason(ConfigurableApplicationContext context, JobExecution execution) {
        return context.getBean(JobRunner.class).failureLine(execution);
    }

    private static String logFile(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("logging.file.name", "(console)");
    }

    /** Seconds spent running this job instance, over all its executions (restarts included). */
    private static double runSeconds(JdbcTemplate jdbc, long runId) {
        Double s = jdbc.queryForObject("""
                SELECT coalesce(sum(extract(epoch FROM (end_time - start_time))), 0) FROM batch_job_execution
                WHERE job_instance_id = ? AND end_time IS NOT NULL""", Double.class, runId);
        return s == null ? 0 : s;
    }

    static double seconds(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return 0;
        }
        return Duration.between(start, end == null ? LocalDateTime.now() : end).toMillis() / 1000.0;
    }

    static String formatDuration(double seconds) {
        if (seconds < 60) {
            return String.format("%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
