package io.midicrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.midicrate.support.DedicatedDatabase;

/**
 * V21 gives every analysed content of an existing library its search row: a database at V20 with analysis rows,
 * migrated, holds one search row per analysis row with the same values, the first path as its sort key, the pitched
 * parts' programs and the file name's words; the search indexes moved from analysis to it. V22 (paths in byte order)
 * keeps them.
 */
@Tag("integration")
class SearchRowMigrationTest {

    @TempDir
    Path tmp;

    @Test
    void everyAnalysedContentGetsItsSearchRow() throws Exception {
        try (DedicatedDatabase db = new DedicatedDatabase(tmp.resolve("pg"), "20")) {
            JdbcTemplate jdbc = db.jdbc();
            for (long id = 1; id <= 3; id++) {
                jdbc.update("""
                        INSERT INTO content (id, blake3, size, canonical_path, first_import_id, analyzed_at,
                                             analysis_version, analysis_status)
                        VALUES (?, ?, 1, ?, 1, now(), 3, 'ok')""", id, new byte[] {(byte) id},
                        "/lib/Pack " + id + "/Warm_Keys-" + id + ".mid");
            }
            // content 3 is not analysed: it gets no search row
            for (long id = 1; id <= 2; id++) {
                jdbc.update("""
                        INSERT INTO analysis (content_id, analysis_version, smf_format, track_count, ticks_per_quarter,
                               smpte, event_count, bpm, tempo_declared, tempo_changes, default_tempo_disagrees, key_index,
                               key_name, key_source, key_profile, time_signature, time_signature_declared,
                               time_signature_changes, duration_ticks, duration_seconds, duration_bars, note_count,
                               pitched_note_count, drum_note_count, distinct_pitches, polyphony_max, unterminated_notes,
                               has_drums, drums_only, kick_hits, snare_hits, hihat_hits, cymbal_hits, tom_hits,
                               other_drum_hits, lyric_count, search_text, tags, instrument_families, instruments)
                        VALUES (?, 3, 1, 2, 96, false, 10, 124, true, 0, false, 21, 'A minor', 'ESTIMATE', 'p', '4/4', true,
                                0, 384, 2, 1, 4, 4, 0, 2, 1, 0, ?, false, 0, 0, 0, 0, 0, 0, 0, 'warm keys pack', ?, ?,
                                ?::jsonb)""", id, id == 1, id == 1 ? new String[] {"drums", "house"} : new String[0],
                        id == 1 ? new String[] {"Bass", "Piano"} : new String[] {"Strings"},
                        id == 1 ? """
                                [{"channel": 9, "program": 0, "name": "Standard Kit", "family": "Drums", "drums": true},
                                 {"channel": 1, "program": 33, "name": "Electric Bass (finger)", "family": "Bass", "drums": false},
                                 {"channel": 0, "program": 0, "name": "Acoustic Grand Piano", "family": "Piano", "drums": false},
                                 {"channel": 2, "program": 0, "name": "Acoustic Grand Piano", "family": "Piano", "drums": false}]"""
                                : """
                                [{"channel": 0, "program": 40, "name": "Violin", "family": "Strings", "drums": false}]""");
            }

            db.migrate("21");

            assertThat(jdbc.queryForList("SELECT content_id FROM search_row ORDER BY 1", Long.class)).containsExactly(1L, 2L);
            Map<String, Object> one = jdbc.queryForMap("""
                    SELECT sort_path, key_index, key_name, bpm::text AS bpm, time_signature, has_drums,
                           array_to_string(tags, ' ') AS tags, array_to_string(instrument_families, ' ') AS families,
                           array_to_string(instrument_programs, ' ') AS programs, search_vector::text AS words,
                           name_vector::text AS name_words
                    FROM search_row WHERE content_id = 1""");
            assertThat(one).containsEntry("sort_path", "/lib/Pack 1/Warm_Keys-1.mid").containsEntry("key_index", 21)
                    .containsEntry("key_name", "A minor").containsEntry("bpm", "124").containsEntry("time_signature", "4/4")
                    .containsEntry("has_drums", true).containsEntry("tags", "drums house")
                    .containsEntry("families", "Bass Piano")
                    // the drum kit's program 0 is not a pitched part's; piano's 0 is, once
                    .containsEntry("programs", "0 33")
                    .containsEntry("words", "'keys':2 'pack':3 'warm':1")
                    .containsEntry("name_words", "'1':3 'keys':2 'mid':4 'warm':1");
            assertThat(jdbc.queryForObject("SELECT array_to_string(instrument_programs, ' ') FROM search_row WHERE content_id = 2",
                    String.class)).isEqualTo("40");
            // the search indexes are the search row's now; analysis keeps its key, version and fingerprint indexes
            assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'analysis' ORDER BY 1", String.class))
                    .containsExactly("analysis_fingerprint_idx", "analysis_pkey", "analysis_version_idx");
            assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'search_row'", String.class))
                    .contains("search_row_words_idx", "search_row_path_idx", "search_row_tags_idx", "search_row_instruments_idx");

            // V22 puts the sort key in byte order: the file name's words are made again over it, with their index, and
            // the trigger that follows a content's smallest path is back
            db.migrate("22");
            assertThat(jdbc.queryForObject("SELECT name_vector::text FROM search_row WHERE content_id = 1", String.class))
                    .isEqualTo("'1':3 'keys':2 'mid':4 'warm':1");
            assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'search_row'", String.class))
                    .contains("search_row_words_idx");
            jdbc.update("UPDATE content SET canonical_path = '/lib/A/Bright_Pad.mid' WHERE id = 1");
            assertThat(jdbc.queryForMap("SELECT sort_path, name_vector::text AS name_words FROM search_row WHERE content_id = 1"))
                    .containsEntry("sort_path", "/lib/A/Bright_Pad.mid")
                    .containsEntry("name_words", "'bright':1 'mid':3 'pad':2");
        }
    }
}
