package io.midicrate.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.reprocessjob.Audits;
import io.midicrate.store.reports.AuditReport;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Lists reprocess audits, newest first; with an audit id, shows who ran it, why, what it selected,",
                "its partitions, and a summary of what changed (field, files, most frequent old -> new values)."})
class AuditCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(arity = "0..1", paramLabel = "ID", description = "An audit id.")
    Long auditId;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many audits to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON for machines instead of tables.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new OperatorException("--limit must be at least 1");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            AuditReport report = context.getBean(AuditReport.class);
            if (auditId == null) {
                List<Map<String, Object>> audits = report.list(limit);
                if (json) {
                    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(audits));
                    return MidicrateCli.OK;
                }
                System.out.printf("%-5s %-19s %-12s %-10s %9s %9s %9s %9s  %s%n", "ID", "STARTED", "OPERATOR", "STATUS",
                        "SELECTED", "CHANGED", "UNCHANGED", "FAILED", "REASON");
                for (Map<String, Object> a : audits) {
                    System.out.printf("%-5s %-19s %-12s %-10s %9s %9s %9s %9s  %s%n", a.get("id"), time(a.get("started_at")),
                            a.get("operator"), a.get("status"), n(a.get("selected")), n(a.get("changed")),
                            n(a.get("unchanged")), n(a.get("failed")), a.get("reason"));
                }
                if (audits.isEmpty()) {
                    System.out.println("(no reprocess has run yet)");
                }
                return MidicrateCli.OK;
            }
            AuditReport.Detail detail = report.detail(auditId);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>(detail.audit());
                out.put("selection", JSON.readTree((String) detail.audit().get("selection")));
                out.put("partitions", detail.partitions());
                out.put("changes", detail.changes());
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return MidicrateCli.OK;
            }
            print(detail, context.getBean(Audits.class).selection(auditId).describe());
            return MidicrateCli.OK;
        }
    }

    private static void print(AuditReport.Detail d, String selection) {
        Map<String, Object> a = d.audit();
        System.out.printf("audit %s  %s%n", a.get("id"), a.get("status"));
        System.out.printf("  operator   %s%n  reason     %s%n  command    %s%n  selection  %s%n", a.get("operator"),
                a.get("reason"), a.get("command_line"), selection);
        System.out.printf("  run        #%s, executions %s, analysis version %s%n", a.get("job_instance_id"),
                a.get("job_execution_ids"), a.get("analysis_version"));
        System.out.printf("  started    %s%n  finished   %s%n", time(a.get("started_at")), time(a.get("finished_at")));
        System.out.printf("  files      %s selected: %s changed, %s unchanged, %s failed%n", n(a.get("selected")),
                n(a.get("changed")), n(a.get("unchanged")), n(a.get("failed")));
        System.out.println();
        System.out.printf("  %-26s %-10s %-10s %10s %10s %8s %8s %8s %8s%n", "PARTITION", "EXECUTION", "STATUS", "FROM ID",
                "TO ID", "FILES", "WRITTEN", "CHANGED", "FAILED");
        for (Map<String, Object> p : d.partitions()) {
            System.out.printf("  %-26s %-10s %-10s %10s %10s %8s %8s %8s %8s%n", p.get("partition_name"),
                    p.get("job_execution_id"), p.get("status"), p.get("min_id"), p.get("max_id"), n(p.get("rows")),
                    n(p.get("written")), n(p.get("changed")), n(p.get("failed")));
        }
        System.out.println();
        if (d.changes().isEmpty()) {
            System.out.println("  no stored result changed");
        }
        for (AuditReport.FieldChanges f : d.changes()) {
            StringBuilder line = new StringBuilder(String.format("  %s changed on %,d files:", f.field(), f.files()));
            for (int i = 0; i < f.top().size(); i++) {
                AuditReport.Transition t = f.top().get(i);
                line.append(i == 0 ? " " : ", ").append(t.from() == null ? "(none)" : t.from()).append(" -> ")
                        .append(t.to() == null ? "(none)" : t.to()).append(' ').append(String.format("%,d", t.files()));
            }
            long listed = f.top().stream().mapToLong(AuditReport.Transition::files).sum();
            if (listed < f.files()) {
                line.append(String.format(", other %,d", f.files() - listed));
            }
            System.out.println(line);
        }
    }

    private static String n(Object o) {
        return o == null ? "-" : String.format("%,d", ((Number) o).longValue());
    }

    private static String time(Object o) {
        return o == null ? "-" : o.toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z");
    }
}
