package io.midicrate.cli;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.batch.JobRunner;
import io.midicrate.batch.JobFailure;
import io.midicrate.common.OperatorException;
import io.midicrate.query.ResultFormats;
import io.midicrate.store.jobs.JobExecutions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Lists recent job executions, newest first, one line each with what it did in files:",
                "an import the files it found (new, duplicate, unchanged, failed), an analysis the files it analysed.",
                "With an execution id: its steps, what each step's read and written counts are, and its failing files."})
class JobsCommand implements Callable<Integer> {

    /** Failing paths {@code jobs ID} lists before pointing to {@code failures --job ID} for the rest. */
    static final int FAILING_SHOWN = 20;

    /** What each step's counts are, by step name (a partition worker by its name before ':partitionN'). */
    private static final Map<String, String> STEP_COUNTS = Map.ofEntries(
            Map.entry("importScan", "read: files the walk found; written: staged for comparison"),
            Map.entry("importClassify", "written: paths new or changed (to hash), back, or missing"),
            Map.entry("importHash", "read: new or changed files; written: hashed and recorded, failures included"),
            Map.entry("importHashWorker", "the same, for one partition"),
            Map.entry("importSummarize", "written: files the run found, counted into its summary"),
            Map.entry("analyzeQueue", "written: failed files queued again (--retry-failed)"),
            Map.entry("analyze", "read: files to analyse; written: analysed, failures included"),
            Map.entry("analyzeWorker", "the same, for one partition"),
            Map.entry("reprocessSelect", "written: files the audit selected"),
            Map.entry("reprocess", "read: selected files; written: analysed again, failures included"),
            Map.entry("reprocessWorker", "the same, for one partition"),
            Map.entry("reprocessFinish", "closes the audit"));

    @Parameters(arity = "0..1", paramLabel = "ID", description = "An execution id: list its steps with counts and timings, and its failing files.")
    Long executionId;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many executions to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new OperatorException("--limit must be at least 1");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            JobExecutions executions = context.getBean(JobExecutions.class);
            if (executionId != null) {
                return printExecution(context, executions, executionId);
            }
            List<JobExecutions.ExecutionSummary> rows = executions.recent(limit);
            System.out.printf("%-6s %-6s %-10s %-10s %-19s %10s  %s%n", "EXEC", "RUN", "JOB", "STATUS", "START",
                    "DURATION", "FILES");
            for (JobExecutions.ExecutionSummary r : rows) {
                System.out.printf("%-6s %-6s %-10s %-10s %-19s %10s  %s%n", r.executionId(), r.instanceId(),
                        r.jobName(), r.status(), Reports.time(r.start()), duration(r.start(), r.end()), r.inFiles());
            }
            if (rows.isEmpty()) {
                System.out.println("(no job has run yet)");
            }
            return MidicrateCli.OK;
        }
    }


    private static int printExecution(ConfigurableApplicationContext context, JobExecutions executions, long executionId) {
        JobExecution execution = context.getBean(JobRunner.class).find(executionId);
        if (execution == null) {
            throw new OperatorException("no execution " + executionId + " (see 'midicrate jobs')");
        }
        long runId = execution.getJobInstance().getInstanceId();
        Map<Long, String> workers = context.getBean(io.midicrate.remote.Workers.class).ranBy(executionId);
        JobExecutions.ExecutionSummary summary = executions.summary(executionId);
        System.out.printf("%s #%d (execution %d) %s: %s%n", summary.jobName(), runId, executionId, summary.status(),
                summary.inFiles());
        System.out.printf("%-32s %-10s %10s %10s %10s %8s %9s  %s%n", "STEP", "STATUS", "DURATION", "READ", "WRITTEN",
                "COMMITS", "ROLLBACKS", "COUNTS");
        for (JobExecutions.StepSummary s : executions.steps(executionId)) {
            System.out.printf("%-32s %-10s %10s %,10d %,10d %,8d %,9d  %s%n", s.stepName(), s.status(),
                    duration(s.start(), s.end()), s.read(), s.written(), s.commits(), s.rollbacks(),
                    STEP_COUNTS.getOrDefault(s.stepName().replaceFirst(":.*", ""), ""));
            String worker = workers.get(s.stepExecutionId());
            if (worker != null) {
                // remote partitioning: which 'midicrate worker' ran this partition
                System.out.println("    ran by worker " + worker);
            }
            String message = s.exitMessage();
            String described = JobFailure.describe(message);
            if (described != null && !"COMPLETED".equals(s.status())) {
                System.out.println("    " + described);
            }
        }
        printFailing(executions, runId, executionId);
        return MidicrateCli.OK;
    }

    /** The run's failing files, as the web job page lists them: the first by family and path, then where the rest are. */
    private static void printFailing(JobExecutions executions, long runId, long executionId) {
        long failed = executions.fileErrors(runId);
        if (failed == 0) {
            return;
        }
        System.out.println();
        System.out.printf("failing files of run #%d (%,d):%n", runId, failed);
        for (JobExecutions.FileErrorRow f : executions.fileErrorRows(runId, FAILING_SHOWN)) {
            System.out.printf("  %-16s %s: %s%n", f.family(), ResultFormats.printable(f.path()),
                    ResultFormats.printable(f.message()));
        }
        if (failed > FAILING_SHOWN) {
            System.out.printf("  +%,d more: midicrate failures --job %d%n", failed - FAILING_SHOWN, executionId);
        }
    }

    private static String duration(LocalDateTime start, LocalDateTime end) {
        return start == null ? "-" : Reports.formatDuration(Reports.seconds(start, end));
    }
}
