package io.midicrate.importjob;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;

import io.midicrate.library.FileErrorWriter;
import io.midicrate.library.FileErrorWriter.FileError;

/** Stages what the scan found for this run; a replayed chunk adds nothing twice. */
public class ScanWriter implements ItemWriter<ScanItem> {

    private final JdbcBatchItemWriter<ScanItem.Candidate> candidateWriter;
    private final JdbcBatchItemWriter<FileError> errorWriter;

    public ScanWriter(DataSource dataSource, long importId, long executionId) {
        this.candidateWriter = new JdbcBatchItemWriterBuilder<ScanItem.Candidate>()
                .dataSource(dataSource)
                .sql("INSERT INTO import_candidate (import_id, path, size, mtime) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (import_id, path) DO NOTHING")
                .itemPreparedStatementSetter((c, ps) -> {
                    ps.setLong(1, importId);
                    ps.setString(2, c.path());
                    ps.setLong(3, c.size());
                    ps.setTimestamp(4, Timestamp.from(c.mtime()));
                })
                .assertUpdates(false)
                .build();
        this.errorWriter = FileErrorWriter.create(dataSource, importId, executionId, ImportJobConfig.JOB_NAME);
    }

    @Override
    public void write(Chunk<? extends ScanItem> chunk) throws Exception {
        List<ScanItem.Candidate> candidates = new ArrayList<>(chunk.size());
        List<FileError> errors = new ArrayList<>();
        for (ScanItem item : chunk) {
            if (item instanceof ScanItem.Candidate c) {
                candidates.add(c);
            } else if (item instanceof ScanItem.Problem p) {
                errors.add(new FileError(p.path(), null, p.family(), p.message()));
            }
        }
        if (!candidates.isEmpty()) {
            candidateWriter.write(new Chunk<>(candidates));
        }
        if (!errors.isEmpty()) {
            errorWriter.write(new Chunk<>(errors));
        }
    }
}
