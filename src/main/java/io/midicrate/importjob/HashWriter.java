package io.midicrate.importjob;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;

import io.midicrate.store.library.FileErrors;
import io.midicrate.library.StoredValues;
import io.midicrate.store.library.FileErrors.FileError;
import io.midicrate.names.NameMetadata;
import io.midicrate.store.library.LibraryFiles;

/**
 * Writes a chunk of hashed files in its one transaction: content rows (one per BLAKE3), locations (one per path,
 * re-pointed when a path's bytes changed), both through {@link LibraryFiles}, and error rows. Every statement is
 * idempotent, so a chunk replayed after a crash leaves exactly the rows it would have left the first time.
 */
public class HashWriter implements ItemWriter<HashOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(HashWriter.class);

    private final LibraryFiles files;
    private final long importId;
    private final long executionId;
    private final JdbcBatchItemWriter<FileError> errorWriter;

    public HashWriter(LibraryFiles files, FileErrors errors, long importId, long executionId) {
        this.files = files;
        this.importId = importId;
        this.executionId = executionId;
        this.errorWriter = errors.writer(importId, executionId, ImportJobConfig.JOB_NAME);
    }

    @Override
    public void write(Chunk<? extends HashOutcome> chunk) throws Exception {
        List<LibraryFiles.Hashed> imported = new ArrayList<>(chunk.size());
        List<FileError> errors = new ArrayList<>();
        for (HashOutcome outcome : chunk) {
            if (outcome instanceof HashOutcome.Imported file) {
                imported.add(hashed(file));
            } else if (outcome instanceof HashOutcome.Failed failed) {
                errors.add(new FileError(failed.path(), null, failed.family(), failed.message()));
            }
        }
        files.write(imported, importId, executionId);
        if (!errors.isEmpty()) {
            errorWriter.write(new Chunk<>(errors));
        }
    }

    /** A hashed file as the library stores it; a path too long for the path index is refused here (BAD_NAME). */
    private static LibraryFiles.Hashed hashed(HashOutcome.Imported f) {
        NameMetadata names = f.names();
        Integer format = StoredValues.smfFormat(f.header().format());
        if (format == null) {
            LOG.warn("{}: format {} is no SMF format; stored as unknown (NULL)", f.path(), f.header().format());
        }
        return new LibraryFiles.Hashed(f.blake3(), f.size(), format, f.header().declaredTracks(),
                f.header().division(), f.header().rmid(), StoredValues.indexedPath(f.path()), names.bpm(),
                names.key(), names.genres(), names.roles(), names.pack(), f.mtime());
    }
}
