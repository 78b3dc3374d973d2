package io.midicrate.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobRunner;
import io.midicrate.batch.ProgressListener;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.store.jobs.ImportSummary;
import io.midicrate.store.library.AnalysisQueue;
import io.midicrate.store.reports.AuditReport;
import io.midicrate.store.jobs.JobExecutions;

/** The summary a person reads after a job, and the exit code that goes with it. */
final class Reports {

    private Reports() {
    }

    static int print(ConfigurableApplicationContext context, JobExecution execution) {
        context.getBean(ProgressListener.class).finish();
        JobExecutions executions = context.getBean(JobExecutions.class);
        PrintStream out = System.out;
        String job = execution.getJobInstance().getJobName();
        long runId = execution.getJobInstance().getInstanceId();
        double seconds = seconds(execution.getStartTime(), execution.getEndTime());
        out.printf("%s #%d (execution %d) %s in %s%n", job, runId, execution.getId(), execution.getStatus(),
                formatDuration(seconds));
        if (execution.getStatus() == BatchStatus.COMPLETED && ImportJobConfig.JOB_NAME.equals(job)) {
            ImportSummary s = executions.importSummary(runId);
            if (s != null) {
                long read = s.found() - s.unchanged();
                out.println("  " + s.counts());
                double runSeconds = Math.max(executions.runSeconds(runId), 1e-3);
                out.printf("  %,.0f files/s, %.1f MB/s read (%,d files read)%n", s.found() / runSeconds,
                        s.bytesRead() / 1e6 / runSeconds, read);
            }
        }
        if (AnalyzeJobConfig.JOB_NAME.equals(job)) {
            long analysed = executions.written(runId, "analyzeWorker:");
            long failed = executions.fileErrors(runId);
            double runSeconds = executions.runSeconds(runId);
            out.printf("  %s; %,.0f files/s%n", JobExecutions.Files.analysed("analysed", analysed, failed),
                    analysed / Math.max(runSeconds, 1e-3));
        }
        if (io.midicrate.reprocessjob.ReprocessJobConfig.JOB_NAME.equals(job)) {
            long auditId = io.midicrate.reprocessjob.Reprocessing.auditId(execution);
            AuditReport.Counts a = context.getBean(AuditReport.class).counts(auditId);
            out.printf("  audit %d: %s selected, %s changed, %s unchanged, %s failed (details: midicrate audit %d)%n", auditId,
                    a.selected(), a.changed(), a.unchanged(), a.failed(), auditId);
        }
        printFailures(executions, runId, execution.getId(), out);
        if (execution.getStatus() == BatchStatus.COMPLETED && ImportJobConfig.JOB_NAME.equals(job)
                && !ImportJobConfig.thenAnalyze(execution)) {
            long pending = context.getBean(AnalysisQueue.class).pending();
            if (pending > 0) {
                out.printf("  %s for analysis: midicrate analyze%n", pending == 1 ? "1 file waits" : count(pending, "files") + " wait");
            }
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            // one line: what failed, why (family and message), and what to do; the stack trace is in the log
            System.err.printf("%s %s: %s; resume it with `midicrate restart %d` (details in %s)%n", job,
                    execution.getStatus() == BatchStatus.STOPPED ? "stopped" : "failed", failureReason(context, execution),
                    execution.getId(), logFile(context));
            return MidicrateCli.JOB_FAILED;
        }
        return MidicrateCli.OK;
    }



    private static void printFailures(JobExecutions executions, long runId, long executionId, PrintStream out) {
        List<JobExecutions.FamilyCount> families = executions.fileErrorsByFamily(runId);
        if (!families.isEmpty()) {
            StringBuilder line = new StringBuilder("  failures by family:");
            for (JobExecutions.FamilyCount f : families) {
                line.append(' ').append(f.family()).append(' ').append(f.files()).append(',');
            }
            line.setLength(line.length() - 1);
            out.println(line);
            out.println("  details: midicrate failures --job " + executionId);
        }
    }

    static String failureReason(ConfigurableApplicationContext context, JobExecution execution) {
        return context.getBean(JobRunner.class).failureLine(execution);
    }

    private static String logFile(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("logging.file.name", "(console)");
    }

    static double seconds(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return 0;
        }
        return Duration.between(start, end == null ? LocalDateTime.now() : end).toMillis() / 1000.0;
    }

    /** A moment for a person: local time to the second, "2026-12-03 10:15:02"; "-" for none. */
    static String time(LocalDateTime t) {
        return t == null ? "-" : t.withNano(0).toString().replace('T', ' ');
    }

    static String time(OffsetDateTime t) {
        return t == null ? "-" : time(t.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime());
    }

    static String formatDuration(double seconds) {
        if (seconds < 60) {
            return String.format("%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    /** A count and what it counts, in the singular for one: "1 file", "2 files", "1,204 track parts". */
    static String count(long n, String plural) {
        return n == 1 ? "1 " + plural.substring(0, plural.length() - 1) : String.format(java.util.Locale.ROOT, "%,d %s", n, plural);
    }

    /** Bytes for a person: 512 B, 12.3 KB, 14.2 GB (powers of 1000, as disks are sold). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 999.95 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
