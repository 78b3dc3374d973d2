package io.midicrate.cli;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists recent job executions, newest first.")
class JobsCommand implements Callable<Integer> {

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many executions to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new io.midicrate.batch.OperatorException("--limit must be at least 1");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
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

    private static String format(Timestamp t) {
        return t == null ? "-" : t.toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }
}
