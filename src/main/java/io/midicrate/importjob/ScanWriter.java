package io.midicrate.importjob;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;

import io.midicrate.store.library.FileErrors;
import io.midicrate.store.library.FileErrors.FileError;
import io.midicrate.store.library.ImportCandidates;

/**
 * Records what the walk found for this run (see {@link ImportCandidates}) in the chunk's transaction, which also
 * commits the walk's position: a restart skips exactly the paths already recorded.
 */
public class ScanWriter implements ItemWriter<ScanItem> {

    private final ImportCandidates candidates;
    private final long importId;
    private final JdbcBatchItemWriter<FileError> errorWriter;

    public ScanWriter(ImportCandidates candidates, FileErrors errors, long importId, long executionId) {
        this.candidates = candidates;
        this.importId = importId;
        this.errorWriter = errors.writer(importId, executionId, ImportJobConfig.JOB_NAME);
    }

    @Override
    public void write(Chunk<? extends ScanItem> chunk) throws Exception {
        List<ImportCandidates.Found> found = new ArrayList<>(chunk.size());
        List<FileError> errors = new ArrayList<>();
        for (ScanItem item : chunk) {
            if (item instanceof ScanItem.Candidate c) {
                found.add(new ImportCandidates.Found(c.path(), c.size(), c.mtime()));
            } else if (item instanceof ScanItem.Problem p) {
                errors.add(new FileError(p.path(), null, p.family(), p.message()));
            }
        }
        candidates.stage(found, importId);
        if (!errors.isEmpty()) {
            errorWriter.write(new Chunk<>(errors));
        }
    }
}
