package io.midicrate.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Splits the rows a step will work on into id ranges holding about the same number of rows (ids are sparse after
 * dedup and deletes, so equal-width ranges would not balance). Each partition's context holds only plain values
 * ({@code minId}, {@code maxId}, {@code rows}, {@code pageSize}), so the same partitions could be sent to workers in
 * other processes.
 *
 * <p>The page size is fixed per partition: a restarted {@code JdbcPagingItemReader} finds its place from the rows
 * read and the page size, so reading with another page size than the crashed run (say, after a change of the
 * configured chunk size) would skip rows. Readers take {@code #{stepExecutionContext['pageSize']}}.
 */
public class IdRangePartitioner implements Partitioner {

    public static final String PAGE_SIZE = "pageSize";

    private final JdbcTemplate jdbc;
    private final int pageSize;
    private final String table;
    private final String where;
    private final Object[] args;

    /** {@code where} selects the rows to split (no user input: it is fixed SQL with {@code ?} parameters). */
    public IdRangePartitioner(JdbcTemplate jdbc, int pageSize, String table, String where, Object... args) {
        this.jdbc = jdbc;
        this.pageSize = pageSize;
        this.table = table;
        this.where = where;
        this.args = args;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Object[] params = new Object[args.length + 1];
        params[0] = Math.max(1, gridSize);
        System.arraycopy(args, 0, params, 1, args.length);
        List<long[]> ranges = jdbc.query(
                "SELECT min(id), max(id), count(*) FROM (SELECT id, ntile(?) OVER (ORDER BY id) AS bucket FROM "
                        + table + " WHERE " + where + ") t GROUP BY bucket ORDER BY 1",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, params);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (ranges.isEmpty()) {
            ranges = List.of(new long[] {1, 0, 0});
        }
        for (int i = 0; i < ranges.size(); i++) {
            ExecutionContext context = new ExecutionContext();
            context.putLong("minId", ranges.get(i)[0]);
            context.putLong("maxId", ranges.get(i)[1]);
            context.putLong("rows", ranges.get(i)[2]);
            context.putInt(PAGE_SIZE, pageSize);
            partitions.put("partition" + i, context);
        }
        return partitions;
    }
}
