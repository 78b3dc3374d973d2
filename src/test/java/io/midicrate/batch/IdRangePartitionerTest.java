package io.midicrate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.midicrate.store.library.AnalysisQueue;
import io.midicrate.store.library.IdRanges;
import io.midicrate.support.DatabaseTest;

class IdRangePartitionerTest extends DatabaseTest {

    @Test
    void sparseIdsAreSplitIntoRangesBalancedByRowCount() {
        jdbc.execute("CREATE TEMP TABLE sparse (id bigint PRIMARY KEY, pending boolean NOT NULL)");
        // 3 dense clusters far apart, as dedup and deletes leave them; a quarter of the rows are not pending
        jdbc.update("""
                INSERT INTO sparse SELECT g, g % 4 <> 0 FROM (
                  SELECT generate_series(1, 1000) AS g UNION ALL SELECT generate_series(500000, 500400)
                  UNION ALL SELECT generate_series(9000000, 9002000)) s""");
        long pending = jdbc.queryForObject("SELECT count(*) FROM sparse WHERE pending", Long.class);

        Map<String, ExecutionContext> partitions =
                new IdRangePartitioner(50, buckets -> IdRanges.split(jdbc, "sparse", "pending = ?", buckets, true)).partition(4);

        assertThat(partitions).hasSize(4);
        List<ExecutionContext> ranges = List.copyOf(partitions.values());
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            ExecutionContext range = ranges.get(i);
            long rows = jdbc.queryForObject("SELECT count(*) FROM sparse WHERE pending AND id BETWEEN ? AND ?", Long.class,
                    range.getLong("minId"), range.getLong("maxId"));
            assertThat(rows).isEqualTo(range.getLong("rows"));
            assertThat(range.getInt(IdRangePartitioner.PAGE_SIZE)).isEqualTo(50);
            assertThat(rows).isBetween(pending / 4, pending / 4 + 1);
            if (i > 0) {
                assertThat(range.getLong("minId")).isGreaterThan(ranges.get(i - 1).getLong("maxId"));
            }
            total += rows;
        }
        assertThat(total).isEqualTo(pending);
    }

    @Test
    void nothingPendingGivesOneEmptyPartition(@Autowired AnalysisQueue queue) {
        Map<String, ExecutionContext> partitions = new IdRangePartitioner(50, queue::pendingRanges).partition(4);
        assertThat(partitions).hasSize(1);
        ExecutionContext only = partitions.values().iterator().next();
        assertThat(only.getLong("minId")).isGreaterThan(only.getLong("maxId"));
    }
}
