package io.midicrate.importjob;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;

import io.midicrate.library.FileErrorWriter;
import io.midicrate.library.StoredValues;
import io.midicrate.library.FileErrorWriter.FileError;
import io.midicrate.names.NameMetadata;

/**
 * Writes a chunk of hashed files in its one transaction: content rows (one per BLAKE3), locations (one per path,
 * re-pointed when a path's bytes changed) and error rows. Every statement is idempotent, so a chunk replayed after
 * a crash leaves exactly the rows it would have left the first time.
 */
public class HashWriter implements ItemWriter<HashOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(HashWriter.class);

    /**
     * A content row takes its name metadata from the smallest path that holds it, whichever partition gets there
     * first; that keeps the rows identical between a straight run and a crashed-and-restarted one.
     */
    private static final String CONTENT_SQL = """
            INSERT INTO content (blake3, size, smf_format, declared_tracks, division, rmid,
                                 canonical_path, name_bpm, name_key, name_genres, name_roles, pack, first_import_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (blake3) DO UPDATE SET canonical_path = EXCLUDED.canonical_path,
                name_bpm = EXCLUDED.name_bpm, name_key = EXCLUDED.name_key, name_genres = EXCLUDED.name_genres,
                name_roles = EXCLUDED.name_roles, pack = EXCLUDED.pack
            WHERE EXCLUDED.canonical_path < content.canonical_path""";

    private static final String LOCATION_SQL = """
            INSERT INTO location (path, content_id, size, mtime, import_id, import_execution_id)
            VALUES (?, (SELECT id FROM content WHERE blake3 = ?), ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET content_id = EXCLUDED.content_id, size = EXCLUDED.size,
                mtime = EXCLUDED.mtime, last_seen = now(), import_id = EXCLUDED.import_id,
                import_execution_id = EXCLUDED.import_execution_id, moved_to = NULL, moved_at = NULL""";

    private final JdbcBatchItemWriter<HashOutcome.Imported> contentWriter;
    private final JdbcBatchItemWriter<HashOutcome.Imported> locationWriter;
    private final JdbcBatchItemWriter<FileError> errorWriter;

    public HashWriter(DataSource dataSource, long importId, long executionId) {
        this.contentWriter = new JdbcBatchItemWriterBuilder<HashOutcome.Imported>()
                .dataSource(dataSource).sql(CONTENT_SQL).assertUpdates(false)
                .itemPreparedStatementSetter((f, ps) -> setContent(f, ps, importId))
                .build();
        this.locationWriter = new JdbcBatchItemWriterBuilder<HashOutcome.Imported>()
                .dataSource(dataSource).sql(LOCATION_SQL).assertUpdates(false)
                .itemPreparedStatementSetter((f, ps) -> {
                    ps.setString(1, StoredValues.indexedPath(f.path()));
                    ps.setBytes(2, f.blake3());
                    ps.setLong(3, f.size());
                    ps.setTimestamp(4, Timestamp.from(f.mtime()));
                    ps.setLong(5, importId);
                    ps.setLong(6, executionId);
                })
                .build();
        this.errorWriter = FileErrorWriter.create(dataSource, importId, executionId, ImportJobConfig.JOB_NAME);
    }

    @Override
    public void write(Chunk<? extends HashOutcome> chunk) throws Exception {
        List<HashOutcome.Imported> imported = new ArrayList<>(chunk.size());
        List<FileError> errors = new ArrayList<>();
        for (HashOutcome outcome : chunk) {
            if (outcome instanceof HashOutcome.Imported file) {
                imported.add(file);
            } else if (outcome instanceof HashOutcome.Failed failed) {
                errors.add(new FileError(failed.path(), null, failed.family(), failed.message()));
            }
        }
        if (!imported.isEmpty()) {
            contentWriter.write(new Chunk<>(contentRowsInLockOrder(imported)));
            locationWriter.write(new Chunk<>(imported));
        }
        if (!errors.isEmpty()) {
            errorWriter.write(new Chunk<>(errors));
        }
    }

    /**
     * One row per hash (the smallest path wins, as in the SQL), sorted by hash: partitions then lock content keys
     * in the same order and cannot deadlock on a duplicate that two of them insert at once.
     */
    static List<HashOutcome.Imported> contentRowsInLockOrder(List<HashOutcome.Imported> files) {
        Map<String, HashOutcome.Imported> byHash = new LinkedHashMap<>();
        for (HashOutcome.Imported f : files) {
            byHash.merge(java.util.HexFormat.of().formatHex(f.blake3()), f,
                    (a, b) -> a.path().compareTo(b.path()) <= 0 ? a : b);
        }
        List<HashOutcome.Imported> rows = new ArrayList<>(byHash.values());
        rows.sort(Comparator.comparing(HashOutcome.Imported::blake3, Arrays::compareUnsigned));
        return rows;
    }

    private static void setContent(HashOutcome.Imported f, PreparedStatement ps, long importId) throws SQLException {
        NameMetadata names = f.names();
        ps.setBytes(1, f.blake3());
        ps.setLong(2, f.size());
        Integer format = StoredValues.smfFormat(f.header().format());
        if (format == null) {
            LOG.warn("{}: format {} is no SMF format; stored as unknown (NULL)", f.path(), f.header().format());
            ps.setNull(3, Types.SMALLINT);
        } else {
            ps.setInt(3, format);
        }
        ps.setInt(4, f.header().declaredTracks());
        ps.setInt(5, f.header().division());
        ps.setBoolean(6, f.header().rmid());
        ps.setString(7, f.path());
        if (names.bpm() != null) {
            ps.setInt(8, names.bpm());
        } else {
            ps.setNull(8, Types.INTEGER);
        }
        ps.setString(9, names.key());
        ps.setArray(10, textArray(ps, names.genres()));
        ps.setArray(11, textArray(ps, names.roles()));
        ps.setString(12, names.pack());
        ps.setLong(13, importId);
    }

    private static Array textArray(PreparedStatement ps, List<String> values) throws SQLException {
        return ps.getConnection().createArrayOf("text", values == null ? new Object[0] : values.toArray());
    }
}
