package io.midicrate.analyzejob;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import io.midicrate.analysis.Tag;
import io.midicrate.analysis.Analysis;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.corpus.Corpus;
import io.midicrate.store.library.AnalysisResults;
import io.midicrate.store.library.LibraryFiles;
import io.midicrate.support.DatabaseTest;

/**
 * The analysis row is written by column name through COPY: every column of {@code analysis} is set by the writer,
 * and what is read back equals what was written, value for value (floats bit for bit, text with the characters the
 * COPY text format escapes, arrays, JSON), for real corpus files and for text made to break an encoder.
 */
class AnalysisRowRoundTripTest extends DatabaseTest {

    private static final String NASTY = "tab\there, newline\nthere, cr\r, back\\slash \\N, \"quotes\", {braces}, "
            + "a,comma, NULL, é ü 日本 🎹, nul\0end";

    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void everyColumnIsWrittenAndReadBackUnchanged() {
        MidiAnalyzer analyzer = new MidiAnalyzer();
        List<AnalysisOutcome.Analyzed> analyzed = new ArrayList<>();
        List<Corpus.Entry> entries = Corpus.entries();
        for (int i = 0; i < entries.size() && analyzed.size() < 40; i += 4) {
            byte[] bytes = entries.get(i).bytes();
            Analysis analysis;
            try {
                analysis = analyzer.analyze(bytes, bytes.length);
            } catch (RuntimeException e) {
                continue; // a file the parser rejects has no analysis row
            }
            long id = content(i);
            Analysis.TextFacts text = analysis.text();
            if (analyzed.size() == 0) {
                // the first row carries text made to break the COPY encoding, in every kind of text column
                analysis = new Analysis(analysis.analysisVersion(), analysis.file(), analysis.tempo(), analysis.key(),
                        analysis.time(), analysis.notes(), analysis.instruments(),
                        new Analysis.TextFacts(List.of(NASTY, "", "{\"}", "\\"), List.of(), NASTY, List.of("NULL"),
                                text.lyricCount(), text.textCount()), analysis.harmony(), analysis.sound(), NASTY);
            }
            analyzed.add(new AnalysisOutcome.Analyzed(id, entries.get(i).path(), analysis, 97.25,
                    List.of(new Tag("tag " + NASTY, "mood", "content")), analyzed.isEmpty() ? NASTY
                    : "search " + entries.get(i).path()));
        }
        assertThat(analyzed).hasSizeGreaterThan(10);
        List<AnalysisResults.Row> rows = analyzed.stream().map(AnalysisWriter::row).toList();
        write(rows, Map.of(("tag " + NASTY).replace('\0', ' '), "mood"), analyzed.stream().map(AnalysisOutcome::contentId)
                .toList(), List.of());

        List<String> columns = jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns WHERE table_name = 'analysis'
                AND column_name <> 'analyzed_at' AND is_generated = 'NEVER' ORDER BY ordinal_position""", String.class);
        assertThat(rows.get(0).values().keySet()).as("the writer sets every column of the table")
                .containsExactlyInAnyOrderElementsOf(columns);
        for (AnalysisResults.Row row : rows) {
            long id = (Long) row.values().get("content_id");
            Map<String, Object> stored = new HashMap<>(jdbc.queryForMap("SELECT * FROM analysis WHERE content_id = ?", id));
            for (String column : columns) {
                Object expected = row.values().get(column);
                Object actual = stored.get(column);
                if (column.equals("tempo_map") || column.equals("instruments")) {
                    assertThat(jdbc.queryForObject("SELECT " + column + " = CAST(? AS jsonb) FROM analysis WHERE content_id = ?",
                            Boolean.class, expected, id)).as(column).isTrue();
                } else if (column.startsWith("sound_") && expected != null) {
                    // a cube prints its own way; equal as cubes, number for number
                    assertThat(jdbc.queryForObject("SELECT " + column + " = CAST(? AS cube) FROM analysis WHERE content_id = ?",
                            Boolean.class, expected, id)).as(column).isTrue();
                } else if (expected instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Number) {
                    assertThat(List.of((Object[]) array(actual))).as(column).isEqualTo(list);
                } else if (expected instanceof List<?> list) {
                    assertThat(List.of((Object[]) array(actual))).as(column).isEqualTo(clean(list));
                } else if (expected instanceof Float f) {
                    assertThat(actual).as(column).isEqualTo(f);
                } else if (expected instanceof Double d) {
                    assertThat(((Number) actual).doubleValue()).as(column).isEqualTo(d);
                } else if (expected instanceof Number n) {
                    assertThat(((Number) actual).longValue()).as(column).isEqualTo(n.longValue());
                } else if (expected instanceof String s) {
                    assertThat(actual).as(column).isEqualTo(s.replace('\0', ' '));
                } else {
                    assertThat(actual).as(column).isEqualTo(expected);
                }
            }
        }
        assertThat(jdbc.queryForObject("SELECT search_text FROM analysis WHERE content_id = ?", String.class,
                analyzed.get(0).contentId())).isEqualTo(NASTY.replace('\0', ' '));
        assertThat(jdbc.queryForList("SELECT unnest(tags) FROM analysis WHERE content_id = ?",
                String.class, analyzed.get(0).contentId())).containsExactly(("tag " + NASTY).replace('\0', ' '));
        assertThat(jdbc.queryForObject("SELECT category FROM tag WHERE name = ?", String.class,
                ("tag " + NASTY).replace('\0', ' '))).isEqualTo("mood");
        // the instruments as the analysis found them, channel by channel
        Analysis.ChannelInstrument first = analyzed.get(1).analysis().instruments().channels().stream()
                .min(java.util.Comparator.comparingInt(Analysis.ChannelInstrument::channel)
                        .thenComparingInt(Analysis.ChannelInstrument::program)).orElseThrow();
        assertThat(jdbc.queryForObject("""
                SELECT instruments -> 0 ->> 'channel' || ' ' || (instruments -> 0 ->> 'program') || ' '
                       || (instruments -> 0 ->> 'family') || ' ' || (instruments -> 0 ->> 'note_count')
                FROM analysis WHERE content_id = ?""", String.class, analyzed.get(1).contentId()))
                .isEqualTo(first.channel() + " " + first.program() + " " + first.family() + " " + first.noteCount());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM content WHERE analysis_status = 'ok' AND analysis_version = ?",
                Long.class, io.midicrate.analysis.MidiAnalyzer.ANALYSIS_VERSION)).isEqualTo(analyzed.size());
    }

    @Test
    void aContentWhoseAnalysisFailsKeepsNoTagsOrInstruments() {
        Analysis analysis = Corpus.entries().stream().map(e -> {
            try {
                return new MidiAnalyzer().analyze(e.bytes(), e.bytes().length);
            } catch (RuntimeException rejected) {
                return null;
            }
        }).filter(a -> a != null && !a.instruments().channels().isEmpty()).findFirst().orElseThrow();
        long id = content(90_001);
        AnalysisOutcome.Analyzed ok = new AnalysisOutcome.Analyzed(id, "/corpus/x.mid", analysis, 120.0,
                List.of(new Tag("house", "genre", "name")), "x");
        write(List.of(AnalysisWriter.row(ok)), Map.of("house", "genre"), List.of(id), List.of());
        assertThat(jdbc.queryForObject("SELECT array_to_string(tags, ' ') FROM analysis WHERE content_id = ?", String.class, id))
                .isEqualTo("house");
        assertThat(jdbc.queryForObject("SELECT jsonb_array_length(instruments) FROM analysis WHERE content_id = ?",
                Integer.class, id)).isPositive();

        write(List.of(), Map.of(), List.of(), List.of(id));

        // tag: and inst: no longer find it; the rest of the earlier analysis stays, as before the arrays
        assertThat(jdbc.queryForMap("""
                SELECT cardinality(tags) AS tags, cardinality(instrument_families) AS families, instruments::text AS instruments
                FROM analysis WHERE content_id = ?""", id)).containsEntry("tags", 0).containsEntry("families", 0)
                .containsEntry("instruments", "[]");
        assertThat(jdbc.queryForObject("SELECT analysis_status FROM content WHERE id = ?", String.class, id)).isEqualTo("failed");
    }

    private void write(List<AnalysisResults.Row> rows, Map<String, String> tags, List<Long> ok, List<Long> failed) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            try {
                new AnalysisResults(dataSource).write(rows, tags, ok, failed, io.midicrate.analysis.MidiAnalyzer.ANALYSIS_VERSION);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void copiedTimestampsAndHashesEqualBoundOnes() {
        // pgjdbc rounds a bound Timestamp to the microsecond; a copied one must land on the same value, or an
        // unchanged file would look changed to the next import
        Instant base = Instant.parse("2024-03-01T12:00:00Z");
        List<Instant> times = List.of(base.plusNanos(123_456_499), base.plusNanos(123_456_500),
                base.plusNanos(999_999_500), base.plusNanos(7), Instant.parse("1969-12-31T23:59:59.999999700Z"));
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            try {
                List<LibraryFiles.Hashed> files = new ArrayList<>();
                for (int i = 0; i < times.size(); i++) {
                    files.add(new LibraryFiles.Hashed(new byte[] {(byte) i, (byte) 0xff, 0, '\\', '\t'}, 10 + i, null, 1,
                            96, false, "/lib/t" + i + " " + NASTY.replace('\0', ' '), null, null, List.of(NASTY), null,
                            null, times.get(i)));
                }
                new LibraryFiles(dataSource).write(files, 1, 1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < times.size(); i++) {
            String path = "/lib/t" + i + " " + NASTY.replace('\0', ' ');
            assertThat(jdbc.queryForObject("SELECT mtime = ? FROM location WHERE path = ?", Boolean.class,
                    Timestamp.from(times.get(i)), path)).as("mtime " + times.get(i)).isTrue();
            assertThat(jdbc.queryForObject("SELECT c.blake3 FROM location l JOIN content c ON c.id = l.content_id WHERE l.path = ?",
                    byte[].class, path)).containsExactly((byte) i, (byte) 0xff, 0, '\\', '\t');
            assertThat(jdbc.queryForObject("SELECT c.name_genres[1] FROM location l JOIN content c ON c.id = l.content_id WHERE l.path = ?",
                    String.class, path)).isEqualTo(NASTY.replace('\0', ' '));
        }
    }

    private long content(int i) {
        return jdbc.queryForObject("""
                INSERT INTO content (blake3, size, canonical_path, first_import_id) VALUES (?, 1, ?, 1) RETURNING id""",
                Long.class, new byte[] {(byte) i, (byte) (i >> 8)}, "/corpus/" + i);
    }

    private static Object array(Object value) {
        try {
            return ((Array) value).getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> clean(List<?> list) {
        return list.stream().map(o -> (Object) o.toString().replace('\0', ' ')).toList();
    }
}
