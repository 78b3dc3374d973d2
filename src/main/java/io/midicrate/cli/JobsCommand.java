package io.midicrate.cli;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

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
            throw new io.midicrate.batch.OperatorException("--limit must be at least 1");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            if (executionId != null) {
                return printSteps(jdbc, executionId, context.getBean(io.midicrate.remote.Workers.class).ranBy(executionId));
            }
            // Partition workers' counts are already summed into their manager step: count top-level steps only.
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    SELECT e.job_execution_id, i.job_instance_id, i.job_name, e.status, e.start_time, e.end_time,
                           coalesce(sum(s.read_count), 0) AS reads, coalesce(sum(s.write_count), 0) AS writes
                    FROM batch_job_execution e
                    JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                    LEFT JOIN batch_step_execution s ON s.job_execution_id = e.job_execution_id
                         AND s.step_name NOT LIKE '%:partition%'
                    GROUP BY e.job_execution_id, i.job_instance_id
                    ORDER BY e.job_execution_id DESC LIMIT ?""", limit);
            System.out.printf("%-6s %-6s %-10s %-10s %-19s %-19s %10s %10s %10s%n",
                    "EXEC", "RUN", "JOB", "STATUS", "START", "END", "DURATION", "READ", "WRITTEN");
            for (Map<String, Object> r : rows) {
                Timestamp start = (Timestamp) r.get("start_time");
                Timestamp end = (Timestamp) r.get("end_time");
                String duration = start == null ? "-" : Reports.formatDuration(
                        Reports.seconds(start.toLocalDateTime(), end == null ? null : end.toLocalDateTime()));
                System.out.printf("%-6s %-6s %-10s %-10s %-19s %-19s %10s %,10d %,10d%n",
                        r.get("job_execution_id"), r.get("job_instance_id"), r.get("job_name"), r.get("status"),
                        format(start), format(end), duration, ((Number) r.get("reads")).longValue(),
                        ((Number) r.get("writes")).longValue());
            }
            if (rows.isEmpty()) {
                System.out.println("(no job has run yet)");
            }
            return MidicrateCli.OK;
        }
    }

    private static int printSteps(JdbcTemplate jdbc, long executionId, Map<Long, String> workers) {
        List<Map<String, Object>> steps = jdbc.queryForList("""
                SELECT step_execution_id, step_name, status, start_time, end_time, read_count, write_count, commit_count,
                       rollback_count, exit_message
                FROM batch_step_execution WHERE job_execution_id = ? ORDER BY step_execution_id""", executionId);
        if (steps.isEmpty()) {
            throw new io.midicrate.batch.OperatorException("no execution " + executionId + " (see 'midicrate jobs')");
        }
        System.out.printf("%-32s %-10s %10s %10s %10s %8s %9s%n", "STEP", "STATUS", "DURATION", "READ", "WRITTEN",
                "COMMITS", "ROLLBACKS");
        for (Map<String, Object> s : steps) {
            Timestamp start = (Timestamp) s.get("start_time");
            Timestamp end = (Timestamp) s.get("end_time");
            String duration = start == null ? "-" : Reports.formatDuration(
                    Reports.seconds(start.toLocalDateTime(), end == null ? null : end.toLocalDateTime()));
            System.out.printf("%-32s %-10s %10s %,10d %,10d %,8d %,9d%n", s.get("step_name"), s.get("status"), duration,
                    ((Number) s.get("read_count")).longValue(), ((Number) s.get("write_count")).longValue(),
                    ((Number) s.get("commit_count")).longValue(), ((Number) s.get("rollback_count")).longValue());
            String worker = workers.get(((Number) s.get("step_execution_id")).longValue());
            if (worker != null) {
                // remote partitioning: which 'midicrate worker' ran this partition
                System.out.println("    ran by worker " + worker);
            }
            String message = (String) s.get("exit_message");
            if (message != null && !message.isBlank() && !"COMPLETED".equals(s.get("status"))) {
                System.out.println("    " + Reports.firstLine(message));
            }
        }
        return MidicrateCli.OK;
    }

    private static String format(Timestamp t) {
        return t == null ? "-" : t.toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }
}
