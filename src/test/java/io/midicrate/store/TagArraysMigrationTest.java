package io.midicrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.support.DedicatedDatabase;

/**
 * V15 moves a library's existing tag links and instrument rows onto the analysis row: a database at V14 with link
 * rows, migrated, holds the same tags, families and instruments in the arrays, and the link tables are gone.
 */
@Tag("integration")
class TagArraysMigrationTest {

    @TempDir
    Path tmp;

    @Test
    void existingLinkRowsEndUpInTheArrays() throws Exception {
        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"), "14")) {
            JdbcTemplate jdbc = db.jdbc();
            for (long id = 1; id <= 3; id++) {
                jdbc.update("""
                        INSERT INTO content (id, blake3, size, canonical_path, first_import_id, name_genres, analyzed_at,
                                             analysis_version, analysis_status)
                        VALUES (?, ?, 1, ?, 1, ?, now(), 2, 'ok')""", id, new byte[] {(byte) id}, "/lib/f" + id + ".mid",
                        id == 1 ? new String[] {"house"} : new String[0]);
                jdbc.update("""
                        INSERT INTO analysis (content_id, analysis_version, smf_format, track_count, ticks_per_quarter,
                               smpte, event_count, tempo_declared, tempo_changes, default_tempo_disagrees, key_source,
                               key_profile, time_signature, time_signature_declared, time_signature_changes, duration_ticks,
                               duration_seconds, duration_bars, note_count, pitched_note_count, drum_note_count,
                               distinct_pitches, polyphony_max, unterminated_notes, has_drums, drums_only, kick_hits,
                               snare_hits, hihat_hits, cymbal_hits, tom_hits, other_drum_hits, lyric_count, search_text)
                        VALUES (?, 2, 1, 2, 96, false, 10, true, 0, false, 'NONE', 'p', '4/4', true, 0, 384, 2, 1, 4, 4,
                                0, 2, 1, 0, false, false, 0, 0, 0, 0, 0, 0, 0, 'f')""", id);
            }
            jdbc.update("""
                    INSERT INTO tag (name, category) VALUES ('house', 'genre'), ('piano', 'instrument'),
                                                            ('bass', 'instrument'), ('drums', 'role'), ('4-4', 'meter')""");
            // content 1: a name tag and content tags; content 2: one tag; content 3: none
            jdbc.update("""
                    INSERT INTO content_tag (content_id, tag_id, source)
                    SELECT 1, id, CASE WHEN name = 'house' THEN 'name' ELSE 'content' END FROM tag
                    UNION ALL SELECT 2, id, 'content' FROM tag WHERE name = '4-4'""");
            jdbc.update("""
                    INSERT INTO content_instrument (content_id, channel, program, name, family, drums, note_count) VALUES
                        (1, 9, 0, 'Standard Kit', 'Drums', true, 7), (1, 1, 33, 'Electric Bass (finger)', 'Bass', false, 5),
                        (1, 0, 0, 'Acoustic Grand Piano', 'Piano', false, 3), (1, 2, 1, 'Bright Acoustic Piano', 'Piano', false, 2),
                        (2, 0, 40, 'Violin', 'Strings', false, 9)""");

            db.migrate("15");

            assertThat(jdbc.queryForList("SELECT array_to_string(tags, ' ') FROM analysis ORDER BY content_id", String.class))
                    .containsExactly("4-4 bass drums house piano", "4-4", "");
            assertThat(jdbc.queryForList("SELECT array_to_string(instrument_families, ' ') FROM analysis ORDER BY content_id",
                    String.class)).containsExactly("Bass Drums Piano", "Strings", "");
            assertThat(jdbc.queryForList("""
                    SELECT a.content_id || ' ' || (i ->> 'channel') || ' ' || (i ->> 'program') || ' ' || (i ->> 'name') || ' '
                           || (i ->> 'family') || ' ' || (i ->> 'drums') || ' ' || (i ->> 'note_count')
                    FROM analysis a, jsonb_array_elements(a.instruments) WITH ORDINALITY e (i, n) ORDER BY a.content_id, e.n""",
                    String.class)).containsExactly("1 0 0 Acoustic Grand Piano Piano false 3",
                    "1 1 33 Electric Bass (finger) Bass false 5", "1 2 1 Bright Acoustic Piano Piano false 2",
                    "1 9 0 Standard Kit Drums true 7", "2 0 40 Violin Strings false 9");
            assertThat(jdbc.queryForObject("SELECT instruments FROM analysis WHERE content_id = 3", String.class)).isEqualTo("[]");
            // the dictionary keeps names and categories; the link tables and the ids are gone
            assertThat(jdbc.queryForList("SELECT name || ' ' || category FROM tag ORDER BY name", String.class))
                    .containsExactly("4-4 meter", "bass instrument", "drums role", "house genre", "piano instrument");
            assertThat(jdbc.queryForList("""
                    SELECT table_name FROM information_schema.tables WHERE table_name IN ('content_tag', 'content_instrument')
                    UNION ALL SELECT column_name FROM information_schema.columns WHERE table_name = 'tag' AND column_name = 'id'""",
                    String.class)).isEmpty();
            assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'analysis' AND indexdef LIKE '%gin%'"
                    + " ORDER BY 1", String.class)).containsAll(List.of("analysis_instrument_families_idx", "analysis_tags_idx"));
        }
    }
}
