package io.midicrate.cli;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.Messages;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Lists recent job executions, newest first; with an execution id, shows its steps."})
class JobsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "ID", description = "An execution id: list its steps with counts and timings.")
    Long executionId;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many executions to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new io.midicrate.common.OperatorException("--limit must be at least 1");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            JobExecutions executions = context.getBean(JobExecutions.class);
            if (executionId != null) {
                return printSteps(executions, executionId, context.getBean(io.midicrate.remote.Workers.class).ranBy(executionId));
            }
            List<JobExecutions.ExecutionSummary> rows = executions.recent(limit);
            System.out.printf("%-6s %-6s %-10s %-10s %-19s %-19s %10s %10s %10s%n",
                    "EXEC", "RUN", "JOB", "STATUS", "START", "END", "DURATION", "READ", "WRITTEN");
            for (JobExecutions.ExecutionSummary r : rows) {
                System.out.printf("%-6s %-6s %-10s %-10s %-19s %-19s %10s %,10d %,10d%n", r.executionId(),
                        r.instanceId(), r.jobName(), r.status(), format(r.start()), format(r.end()),
                        duration(r.start(), r.end()), r.read(), r.written());
            }
            if (rows.isEmpty()) {
                System.out.println("(no job has run yet)");
            }
            return MidicrateCli.OK;
        }
    }

    private static int printSteps(JobExecutions executions, long executionId, Map<Long, String> workers) {
        List<JobExecutions.StepSummary> steps = executions.steps(executionId);
        if (steps.isEmpty()) {
            throw new io.midicrate.common.OperatorException("no execution " + executionId + " (see 'midicrate jobs')");
        }
        System.out.printf("%-32s %-10s %10s %10s %10s %8s %9s%n", "STEP", "STATUS", "DURATION", "READ", "WRITTEN",
                "COMMITS", "ROLLBACKS");
        for (JobExecutions.StepSummary s : steps) {
            System.out.printf("%-32s %-10s %10s %,10d %,10d %,8d %,9d%n", s.stepName(), s.status(),
                    duration(s.start(), s.end()), s.read(), s.written(), s.commits(), s.rollbacks());
            String worker = workers.get(s.stepExecutionId());
            if (worker != null) {
                // remote partitioning: which 'midicrate worker' ran this partition
                System.out.println("    ran by worker " + worker);
            }
            String message = s.exitMessage();
            if (message != null && !message.isBlank() && !"COMPLETED".equals(s.status())) {
                System.out.println("    " + Messages.firstLine(message));
            }
        }
        return MidicrateCli.OK;
    }

    private static String duration(LocalDateTime start, LocalDateTime end) {
        return start == null ? "-" : Reports.formatDuration(Reports.seconds(start, end));
    }

    private static String format(LocalDateTime t) {
        return t == null ? "-" : t.withNano(0).toString().replace('T', ' ');
    }
}
