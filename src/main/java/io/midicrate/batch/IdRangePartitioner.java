package io.midicrate.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.midicrate.common.IdRange;

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

    private final int pageSize;
    private final IntFunction<List<IdRange>> ranges;

    /** {@code ranges} splits the rows to work on into at most the given number of ranges (a store class's query). */
    public IdRangePartitioner(int pageSize, IntFunction<List<IdRange>> ranges) {
        this.pageSize = pageSize;
        this.ranges = ranges;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<IdRange> split = ranges.apply(gridSize);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (split.isEmpty()) {
            split = List.of(new IdRange(1, 0, 0));
        }
        for (int i = 0; i < split.size(); i++) {
            ExecutionContext context = new ExecutionContext();
            context.putLong("minId", split.get(i).minId());
            context.putLong("maxId", split.get(i).maxId());
            context.putLong("rows", split.get(i).rows());
            context.putInt(PAGE_SIZE, pageSize);
            partitions.put("partition" + i, context);
        }
        return partitions;
    }
}
