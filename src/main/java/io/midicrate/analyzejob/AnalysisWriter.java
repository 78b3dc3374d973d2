package io.midicrate.analyzejob;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;

import io.midicrate.analysis.Analysis;
import io.midicrate.library.FileErrorWriter;
import io.midicrate.library.StoredValues;
import io.midicrate.library.FileErrorWriter.FileError;
import io.midicrate.smf.ParseWarning;

/**
 * Writes a chunk of analysis outcomes in its one transaction: the metadata row (upsert), the instrument rows and
 * tags (replaced), the content's status, and error rows. Every statement is idempotent, so a replayed chunk leaves
 * the same rows.
 */
public class AnalysisWriter implements ItemWriter<AnalysisOutcome> {

    static final String STATUS_OK = "ok";
    static final String STATUS_FAILED = "failed";

    private static final String[] COLUMNS = {
            "content_id", "analysis_version", "smf_format", "track_count", "ticks_per_quarter", "smpte", "event_count",
            "warnings", "bpm", "tempo_declared", "initial_bpm", "dominant_bpm", "min_bpm", "max_bpm", "tempo_changes",
            "tempo_map", "estimated_bpm", "estimate_confidence", "default_tempo_disagrees", "key_index", "key_name",
            "key_source", "key_profile", "estimated_key", "runner_up_key", "key_confidence", "declared_key",
            "time_signature", "time_signature_declared", "time_signature_changes", "duration_ticks", "duration_seconds",
            "duration_bars", "note_count", "pitched_note_count", "drum_note_count", "distinct_pitches", "pitch_min",
            "pitch_max", "pitch_mean", "velocity_mean", "velocity_stddev", "polyphony_mean", "polyphony_max",
            "notes_per_second", "pitch_class_entropy", "scale_consistency", "empty_beat_rate", "unterminated_notes",
            "has_drums", "drums_only", "kick_hits", "snare_hits", "hihat_hits", "cymbal_hits", "tom_hits",
            "other_drum_hits", "track_names", "instrument_names", "copyright", "markers", "lyric_count",
            "note_fingerprint", "search_text"};

    static final String UPSERT_SQL = upsertSql();

    private final JdbcBatchItemWriter<AnalysisOutcome.Analyzed> analysisWriter;
    private final JdbcBatchItemWriter<AnalysisOutcome> clearInstruments;
    private final JdbcBatchItemWriter<InstrumentRow> instrumentWriter;
    private final JdbcBatchItemWriter<AnalysisOutcome.Tag> tagWriter;
    private final JdbcBatchItemWriter<AnalysisOutcome> clearTags;
    private final JdbcBatchItemWriter<TagLink> tagLinkWriter;
    private final JdbcBatchItemWriter<AnalysisOutcome> statusWriter;
    private final JdbcBatchItemWriter<FileError> errorWriter;

    record InstrumentRow(long contentId, Analysis.ChannelInstrument instrument) {
    }

    record TagLink(long contentId, AnalysisOutcome.Tag tag) {
    }

    public AnalysisWriter(DataSource dataSource, long runId, long executionId, String jobName) {
        this.analysisWriter = writer(dataSource, UPSERT_SQL, (AnalysisOutcome.Analyzed a, PreparedStatement ps) -> bind(a, ps));
        this.clearInstruments = writer(dataSource, "DELETE FROM content_instrument WHERE content_id = ?",
                (AnalysisOutcome o, PreparedStatement ps) -> ps.setLong(1, o.contentId()));
        this.instrumentWriter = writer(dataSource, """
                INSERT INTO content_instrument (content_id, channel, program, name, family, drums, note_count)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_id, channel, program) DO UPDATE SET
                note_count = EXCLUDED.note_count""", (InstrumentRow r, PreparedStatement ps) -> {
            ps.setLong(1, r.contentId());
            ps.setInt(2, r.instrument().channel());
            ps.setInt(3, r.instrument().program());
            ps.setString(4, r.instrument().name());
            ps.setString(5, r.instrument().family());
            ps.setBoolean(6, r.instrument().drums());
            ps.setInt(7, r.instrument().noteCount());
        });
        this.tagWriter = writer(dataSource, "INSERT INTO tag (name, category) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (AnalysisOutcome.Tag t, PreparedStatement ps) -> {
                    ps.setString(1, t.name());
                    ps.setString(2, t.category());
                });
        this.clearTags = writer(dataSource, "DELETE FROM content_tag WHERE content_id = ?",
                (AnalysisOutcome o, PreparedStatement ps) -> ps.setLong(1, o.contentId()));
        this.tagLinkWriter = writer(dataSource, """
                INSERT INTO content_tag (content_id, tag_id, source) VALUES (?, (SELECT id FROM tag WHERE name = ?), ?)
                ON CONFLICT (content_id, tag_id) DO NOTHING""", (TagLink l, PreparedStatement ps) -> {
            ps.setLong(1, l.contentId());
            ps.setString(2, l.tag().name());
            ps.setString(3, l.tag().source());
        });
        this.statusWriter = writer(dataSource, """
                UPDATE content SET analyzed_at = now(), analysis_version = ?, analysis_status = ? WHERE id = ?""",
                (AnalysisOutcome o, PreparedStatement ps) -> {
                    ps.setInt(1, io.midicrate.analysis.MidiAnalyzer.ANALYSIS_VERSION);
                    ps.setString(2, o instanceof AnalysisOutcome.Analyzed ? STATUS_OK : STATUS_FAILED);
                    ps.setLong(3, o.contentId());
                });
        this.errorWriter = FileErrorWriter.create(dataSource, runId, executionId, jobName);
    }

    @Override
    public void write(Chunk<? extends AnalysisOutcome> chunk) throws Exception {
        List<AnalysisOutcome.Analyzed> analyzed = new ArrayList<>(chunk.size());
        List<FileError> errors = new ArrayList<>();
        List<InstrumentRow> instruments = new ArrayList<>();
        List<TagLink> links = new ArrayList<>();
        // tags are inserted in name order, so two partitions adding the same new tags cannot deadlock
        TreeMap<String, AnalysisOutcome.Tag> newTags = new TreeMap<>();
        for (AnalysisOutcome outcome : chunk) {
            if (outcome instanceof AnalysisOutcome.Analyzed a) {
                analyzed.add(a);
                for (Analysis.ChannelInstrument ci : a.analysis().instruments().channels()) {
                    instruments.add(new InstrumentRow(a.contentId(), ci));
                }
                for (AnalysisOutcome.Tag tag : a.tags()) {
                    newTags.putIfAbsent(tag.name(), tag);
                    links.add(new TagLink(a.contentId(), tag));
                }
            } else if (outcome instanceof AnalysisOutcome.Failed f) {
                errors.add(new FileError(f.path(), f.contentId(), f.family(), f.message()));
            }
        }
        List<AnalysisOutcome> all = new ArrayList<>(chunk.getItems());
        all.sort(Comparator.comparingLong(AnalysisOutcome::contentId));
        if (!newTags.isEmpty()) {
            tagWriter.write(new Chunk<>(new ArrayList<>(newTags.values())));
        }
        if (!analyzed.isEmpty()) {
            analysisWriter.write(new Chunk<>(analyzed));
        }
        clearInstruments.write(new Chunk<>(all));
        clearTags.write(new Chunk<>(all));
        if (!instruments.isEmpty()) {
            instrumentWriter.write(new Chunk<>(instruments));
        }
        if (!links.isEmpty()) {
            tagLinkWriter.write(new Chunk<>(links));
        }
        if (!errors.isEmpty()) {
            errorWriter.write(new Chunk<>(errors));
        }
        statusWriter.write(new Chunk<>(all));
    }

    private static <T> JdbcBatchItemWriter<T> writer(DataSource dataSource, String sql, Setter<T> setter) {
        return new JdbcBatchItemWriterBuilder<T>().dataSource(dataSource).sql(sql).assertUpdates(false)
                .itemPreparedStatementSetter(setter::set).build();
    }

    @FunctionalInterface
    private interface Setter<T> {
        void set(T item, PreparedStatement ps) throws SQLException;
    }

    private static String upsertSql() {
        StringBuilder sql = new StringBuilder("INSERT INTO analysis (").append(String.join(", ", COLUMNS))
                .append(") VALUES (");
        for (int i = 0; i < COLUMNS.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(COLUMNS[i].equals("tempo_map") ? "CAST(? AS jsonb)" : "?");
        }
        sql.append(") ON CONFLICT (content_id) DO UPDATE SET analyzed_at = now()");
        for (int i = 1; i < COLUMNS.length; i++) {
            sql.append(", ").append(COLUMNS[i]).append(" = EXCLUDED.").append(COLUMNS[i]);
        }
        return sql.toString();
    }

    /** Binds one analysis in {@link #COLUMNS} order. */
    static void bind(AnalysisOutcome.Analyzed a, PreparedStatement ps) throws SQLException {
        Analysis an = a.analysis();
        Analysis.TempoFacts t = an.tempo();
        Analysis.KeyFacts k = an.key();
        Analysis.TimeFacts tm = an.time();
        Analysis.NoteFacts n = an.notes();
        Analysis.InstrumentFacts in = an.instruments();
        Analysis.TextFacts tx = an.text();
        int i = 1;
        ps.setLong(i++, a.contentId());
        ps.setInt(i++, an.analysisVersion());
        ps.setInt(i++, StoredValues.formatReadAs(an.file().format()));
        ps.setInt(i++, an.file().trackCount());
        ps.setInt(i++, an.file().ticksPerQuarter());
        ps.setBoolean(i++, an.file().smpte());
        ps.setInt(i++, an.file().eventCount());
        ps.setArray(i++, texts(ps, an.file().warnings().stream().map(AnalysisWriter::warning).toList()));
        real(ps, i++, a.bpm() == null ? Double.NaN : a.bpm());
        ps.setBoolean(i++, t.declared());
        real(ps, i++, t.initialBpm());
        real(ps, i++, t.dominantBpm());
        real(ps, i++, t.minBpm());
        real(ps, i++, t.maxBpm());
        ps.setInt(i++, t.changes());
        ps.setString(i++, tempoMapJson(t.map()));
        real(ps, i++, t.estimatedBpm());
        real(ps, i++, t.estimateConfidence());
        ps.setBoolean(i++, t.defaultTempoDisagrees());
        if (k.finalIndex() >= 0) {
            ps.setInt(i++, k.finalIndex());
        } else {
            ps.setNull(i++, Types.SMALLINT);
        }
        ps.setString(i++, k.finalName());
        ps.setString(i++, k.finalSource().name());
        ps.setString(i++, k.profile());
        ps.setString(i++, k.estimated() == null ? null : k.estimated().name());
        ps.setString(i++, k.runnerUp() == null ? null : k.runnerUp().name());
        real(ps, i++, k.estimated() == null ? Double.NaN : k.confidence());
        ps.setString(i++, k.declaredName());
        ps.setString(i++, tm.numerator() + "/" + tm.denominator());
        ps.setBoolean(i++, tm.declared());
        ps.setInt(i++, tm.changes());
        ps.setLong(i++, tm.durationTicks());
        ps.setDouble(i++, finiteOrZero(tm.durationSeconds()));
        ps.setDouble(i++, finiteOrZero(tm.durationBars()));
        ps.setInt(i++, n.count());
        ps.setInt(i++, n.pitchedCount());
        ps.setInt(i++, n.drumCount());
        ps.setInt(i++, n.distinctPitches());
        smallint(ps, i++, n.pitchedCount() > 0 ? n.pitchMin() : -1);
        smallint(ps, i++, n.pitchedCount() > 0 ? n.pitchMax() : -1);
        real(ps, i++, n.pitchMean());
        real(ps, i++, n.velocityMean());
        real(ps, i++, n.velocityStdDev());
        real(ps, i++, n.polyphonyMean());
        ps.setInt(i++, n.polyphonyMax());
        real(ps, i++, n.notesPerSecond());
        real(ps, i++, n.pitchClassEntropy());
        real(ps, i++, n.scaleConsistency());
        real(ps, i++, n.emptyBeatRate());
        ps.setInt(i++, n.unterminatedNotes());
        ps.setBoolean(i++, in.hasDrums());
        ps.setBoolean(i++, in.drumsOnly());
        ps.setInt(i++, in.drumHits().kick());
        ps.setInt(i++, in.drumHits().snare());
        ps.setInt(i++, in.drumHits().hiHat());
        ps.setInt(i++, in.drumHits().cymbal());
        ps.setInt(i++, in.drumHits().tom());
        ps.setInt(i++, in.drumHits().other());
        ps.setArray(i++, texts(ps, tx.trackNames()));
        ps.setArray(i++, texts(ps, tx.instrumentNames()));
        ps.setString(i++, clean(tx.copyright()));
        ps.setArray(i++, texts(ps, tx.markers()));
        ps.setInt(i++, tx.lyricCount());
        ps.setString(i++, an.noteFingerprint());
        ps.setString(i++, clean(a.searchText()));
    }

    static String warning(ParseWarning w) {
        return w.kind().name() + (w.count() > 1 ? " x" + w.count() : "");
    }

    static String tempoMapJson(List<Analysis.TempoPoint> map) {
        StringBuilder json = new StringBuilder("[");
        for (Analysis.TempoPoint p : map) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"tick\":").append(p.tick()).append(",\"seconds\":").append(finiteOrZero(p.seconds()))
                    .append(",\"bpm\":").append(finiteOrZero(p.bpm())).append('}');
        }
        return json.append(']').toString();
    }

    private static void real(PreparedStatement ps, int i, double v) throws SQLException {
        Float stored = StoredValues.real(v);
        if (stored != null) {
            ps.setFloat(i, stored);
        } else {
            ps.setNull(i, Types.REAL);
        }
    }

    private static void smallint(PreparedStatement ps, int i, int v) throws SQLException {
        if (v >= 0) {
            ps.setInt(i, v);
        } else {
            ps.setNull(i, Types.SMALLINT);
        }
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** PostgreSQL text cannot hold NUL; the analysis core strips control characters, this is the last guard. */
    private static String clean(String s) {
        return StoredValues.text(s);
    }

    private static Array texts(PreparedStatement ps, List<String> values) throws SQLException {
        return ps.getConnection().createArrayOf("text", values.stream().map(AnalysisWriter::clean).toArray());
    }
}
