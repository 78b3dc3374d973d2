package io.midicrate.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import picocli.CommandLine.Command;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Library totals and distributions: files, duplicates, analysed, failed by family, keys, tempo bands, meters, instruments.")
class StatsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Map<String, Object> t = jdbc.queryForMap("""
                    SELECT (SELECT count(*) FROM location) AS paths,
                           (SELECT count(*) FROM content) AS contents,
                           (SELECT coalesce(sum(size), 0) FROM content) AS bytes,
                           (SELECT count(*) FROM content WHERE analysis_status = 'ok') AS analysed,
                           (SELECT count(*) FROM content WHERE analysis_status = 'failed') AS failed,
                           (SELECT count(*) FROM content WHERE analyzed_at IS NULL) AS pending""");
            long paths = n(t.get("paths"));
            long contents = n(t.get("contents"));
            System.out.printf("files (paths)     %,12d%n", paths);
            System.out.printf("distinct contents %,12d  (%,.1f MB)%n", contents, n(t.get("bytes")) / 1e6);
            System.out.printf("duplicate paths   %,12d%n", paths - contents);
            System.out.printf("analysed          %,12d%n", n(t.get("analysed")));
            System.out.printf("failed analysis   %,12d%n", n(t.get("failed")));
            System.out.printf("not analysed yet  %,12d%n", n(t.get("pending")));
            section(jdbc, "analysis failures by family (latest error per file)", """
                    SELECT family, count(*) FROM (SELECT DISTINCT ON (e.content_id) e.family FROM file_error e
                      JOIN content c ON c.id = e.content_id AND c.analysis_status = 'failed'
                      ORDER BY e.content_id, e.id DESC) f GROUP BY family ORDER BY 2 DESC, 1""");
            section(jdbc, "import problems by family (latest run)", """
                    SELECT family, count(*) FROM file_error WHERE job_name = 'import'
                      AND run_id = (SELECT max(import_id) FROM import_run) GROUP BY family ORDER BY 2 DESC, 1""");
            section(jdbc, "key", "SELECT coalesce(key_name, '(none)'), count(*) FROM analysis GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 24");
            section(jdbc, "tempo band", """
                    SELECT t.name, count(*) FROM content_tag ct JOIN tag t ON t.id = ct.tag_id
                    WHERE t.category = 'tempo' GROUP BY t.name ORDER BY t.name""");
            section(jdbc, "time signature", "SELECT time_signature, count(*) FROM analysis GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 12");
            section(jdbc, "instrument family (files using it)",
                    "SELECT family, count(DISTINCT content_id) FROM content_instrument GROUP BY 1 ORDER BY 2 DESC, 1");
            return MidicrateCli.OK;
        }
    }

    private static void section(JdbcTemplate jdbc, String title, String sql) {
        List<Map<String, Object>> rows = jdbc.queryForList(sql);
        if (rows.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println(title + ":");
        for (Map<String, Object> row : rows) {
            Object[] values = row.values().toArray();
            System.out.printf("  %-28s %,10d%n", values[0], n(values[1]));
        }
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }
}
