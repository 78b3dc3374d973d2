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
                // A path whose size and mtime match what the library holds is marked unchanged as it is staged:
                // one index probe per file, and the hash step never reads it.
                .sql("""
                        INSERT INTO import_candidate (import_id, path, size, mtime, unchanged)
                        VALUES (?, ?, ?, ?, EXISTS (SELECT 1 FROM location l WHERE l.path = ? AND l.size = ? AND l.mtime = ?))
                        ON CONFLICT (import_id, path) DO NOTHING""")
                .itemPreparedStatementSetter((c, ps) -> {
                    Timestamp mtime = Timestamp.from(c.mtime());
                    ps.setLong(1, importId);
                    ps.setString(2, c.path());
                    ps.setLong(3, c.size());
                    ps.setTimestamp(4, mtime);
                    ps.setString(5, c.path());
                    ps.setLong(6, c.size());
                    ps.setTimestamp(7, mtime);
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
