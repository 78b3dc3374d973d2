package io.midicrate.analyzejob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;

import tools.jackson.databind.json.JsonMapper;

import io.midicrate.analysis.Tag;
import io.midicrate.analysis.Analysis;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.analysis.ProgressionSearch;
import io.midicrate.analysis.SoundProfile;
import io.midicrate.store.library.FileErrors;
import io.midicrate.library.StoredValues;
import io.midicrate.store.library.FileErrors.FileError;
import io.midicrate.smf.ParseWarning;
import io.midicrate.store.library.AnalysisResults;

/**
 * Writes a chunk of analysis outcomes in its one transaction through {@link AnalysisResults}: the metadata row
 * (upsert, by column name; its tags and instruments are columns of it), new tag names, the content's status, and
 * error rows. Every
 * statement is idempotent, so a replayed chunk leaves the same rows.
 */
public class AnalysisWriter implements ItemWriter<AnalysisOutcome> {

    static final String STATUS_OK = AnalysisResults.STATUS_OK;
    static final String STATUS_FAILED = AnalysisResults.STATUS_FAILED;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AnalysisResults results;
    private final JdbcBatchItemWriter<FileError> errorWriter;

    public AnalysisWriter(AnalysisResults results, FileErrors errors, long runId, long executionId, String jobName) {
        this.results = results;
        this.errorWriter = errors.writer(runId, executionId, jobName);
    }

    @Override
    public void write(Chunk<? extends AnalysisOutcome> chunk) throws Exception {
        List<AnalysisResults.Row> rows = new ArrayList<>(chunk.size());
        Map<String, String> tagCategories = new HashMap<>();
        List<Long> analyzed = new ArrayList<>(chunk.size());
        List<Long> failed = new ArrayList<>();
        List<FileError> errors = new ArrayList<>();
        for (AnalysisOutcome outcome : chunk) {
            if (outcome instanceof AnalysisOutcome.Analyzed a) {
                analyzed.add(a.contentId());
                rows.add(row(a));
                for (Tag tag : a.tags()) {
                    tagCategories.putIfAbsent(StoredValues.text(tag.name()), StoredValues.text(tag.category()));
                }
            } else if (outcome instanceof AnalysisOutcome.Failed f) {
                failed.add(f.contentId());
                errors.add(new FileError(f.path(), f.contentId(), f.family(), f.message()));
            }
        }
        results.write(rows, tagCategories, analyzed, failed, MidiAnalyzer.ANALYSIS_VERSION);
        if (!errors.isEmpty()) {
            errorWriter.write(new Chunk<>(errors));
        }
    }

    /** One analysis as its {@code analysis} row, column by column name (schema/V3__analysis.sql). */
    static AnalysisResults.Row row(AnalysisOutcome.Analyzed a) {
        Analysis an = a.analysis();
        Analysis.TempoFacts t = an.tempo();
        Analysis.KeyFacts k = an.key();
        Analysis.TimeFacts tm = an.time();
        Analysis.NoteFacts n = an.notes();
        Analysis.InstrumentFacts in = an.instruments();
        Analysis.TextFacts tx = an.text();
        return new AnalysisResults.Row()
                .put("content_id", a.contentId())
                .put("analysis_version", an.analysisVersion())
                .put("smf_format", StoredValues.formatReadAs(an.file().format()))
                .put("track_count", an.file().trackCount())
                .put("ticks_per_quarter", an.file().ticksPerQuarter())
                .put("smpte", an.file().smpte())
                .put("event_count", an.file().eventCount())
                .put("warnings", texts(an.file().warnings().stream().map(AnalysisWriter::warning).toList()))
                .put("bpm", StoredValues.real(a.bpm() == null ? Double.NaN : a.bpm()))
                .put("tempo_declared", t.declared())
                .put("initial_bpm", StoredValues.real(t.initialBpm()))
                .put("dominant_bpm", StoredValues.real(t.dominantBpm()))
                .put("min_bpm", StoredValues.real(t.minBpm()))
                .put("max_bpm", StoredValues.real(t.maxBpm()))
                .put("tempo_changes", t.changes())
                .put("tempo_map", tempoMapJson(t.map()))
                .put("estimated_bpm", StoredValues.real(t.estimatedBpm()))
                .put("estimate_confidence", StoredValues.real(t.estimateConfidence()))
                .put("default_tempo_disagrees", t.defaultTempoDisagrees())
                .put("key_index", k.finalIndex() >= 0 ? k.finalIndex() : null)
                .put("key_name", k.finalName())
                .put("key_source", k.finalSource().name())
                .put("key_profile", k.profile())
                .put("estimated_key", k.estimated() == null ? null : k.estimated().name())
                .put("runner_up_key", k.runnerUp() == null ? null : k.runnerUp().name())
                .put("key_confidence", StoredValues.real(k.estimated() == null ? Double.NaN : k.confidence()))
                .put("declared_key", k.declaredName())
                .put("time_signature", tm.numerator() + "/" + tm.denominator())
                .put("time_signature_declared", tm.declared())
                .put("time_signature_changes", tm.changes())
                .put("duration_ticks", tm.durationTicks())
                .put("duration_seconds", finiteOrZero(tm.durationSeconds()))
                .put("duration_bars", finiteOrZero(tm.durationBars()))
                .put("note_count", n.count())
                .put("pitched_note_count", n.pitchedCount())
                .put("drum_note_count", n.drumCount())
                .put("distinct_pitches", n.distinctPitches())
                .put("pitch_min", n.pitchedCount() > 0 && n.pitchMin() >= 0 ? n.pitchMin() : null)
                .put("pitch_max", n.pitchedCount() > 0 && n.pitchMax() >= 0 ? n.pitchMax() : null)
                .put("pitch_mean", StoredValues.real(n.pitchMean()))
                .put("velocity_mean", StoredValues.real(n.velocityMean()))
                .put("velocity_stddev", StoredValues.real(n.velocityStdDev()))
                .put("polyphony_mean", StoredValues.real(n.polyphonyMean()))
                .put("polyphony_max", n.polyphonyMax())
                .put("notes_per_second", StoredValues.real(n.notesPerSecond()))
                .put("pitch_class_entropy", StoredValues.real(n.pitchClassEntropy()))
                .put("scale_consistency", StoredValues.real(n.scaleConsistency()))
                .put("empty_beat_rate", StoredValues.real(n.emptyBeatRate()))
                .put("unterminated_notes", n.unterminatedNotes())
                .put("has_drums", in.hasDrums())
                .put("drums_only", in.drumsOnly())
                .put("kick_hits", in.drumHits().kick())
                .put("snare_hits", in.drumHits().snare())
                .put("hihat_hits", in.drumHits().hiHat())
                .put("cymbal_hits", in.drumHits().cymbal())
                .put("tom_hits", in.drumHits().tom())
                .put("other_drum_hits", in.drumHits().other())
                .put("track_names", texts(tx.trackNames()))
                .put("instrument_names", texts(tx.instrumentNames()))
                .put("copyright", StoredValues.text(tx.copyright()))
                .put("markers", texts(tx.markers()))
                .put("lyric_count", tx.lyricCount())
                .put("note_fingerprint", an.noteFingerprint())
                .put("search_text", StoredValues.text(a.searchText()))
                .put("tags", texts(a.tags().stream().map(Tag::name).toList()).stream().sorted().distinct()
                        .toList())
                .put("instrument_families", in.channels().stream().map(Analysis.ChannelInstrument::family).sorted()
                        .distinct().toList())
                .put("instruments", instrumentsJson(in.channels()))
                .put("progression", text(an.harmony().progression().chordText()))
                .put("progression_numerals", text(an.harmony().progression().numeralText()))
                .put("progression_looped", an.harmony().progression().chords().isEmpty() ? null
                        : an.harmony().progression().looped())
                .put("progression_shape", text(ProgressionSearch.shapeText(an.harmony().progression())))
                .put("progression_chords", text(ProgressionSearch.chordText(an.harmony().progression())))
                .put("chord_codes", Arrays.stream(an.harmony().chordCodes()).boxed().toList())
                .put("distinct_chords", an.harmony().distinctChords())
                .put("sound_vector", an.sound() == null ? null : SoundProfile.cubeText(an.sound().vector()))
                .put("sound_summary", an.sound() == null ? null : SoundProfile.cubeText(an.sound().summary()));
    }

    /** An empty text as NULL: a file without chords has no progression. */
    private static String text(String s) {
        return s == null || s.isEmpty() ? null : s;
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

    /** The per-channel instruments as the {@code instruments} column holds them (schema/V15), by channel and program. */
    static String instrumentsJson(List<Analysis.ChannelInstrument> channels) {
        List<Map<String, Object>> list = channels.stream()
                .sorted(Comparator.comparingInt(Analysis.ChannelInstrument::channel)
                        .thenComparingInt(Analysis.ChannelInstrument::program))
                .map(ci -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("channel", ci.channel());
                    m.put("program", ci.program());
                    m.put("name", StoredValues.text(ci.name()));
                    m.put("family", ci.family());
                    m.put("drums", ci.drums());
                    m.put("note_count", ci.noteCount());
                    return m;
                }).toList();
        return JSON.writeValueAsString(list);
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** PostgreSQL text cannot hold NUL: the analysis core strips control characters, this is the last guard. */
    private static List<String> texts(List<String> values) {
        return values.stream().map(StoredValues::text).toList();
    }
}
