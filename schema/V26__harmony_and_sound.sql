-- Harmony and "more like this" (issue 33): what analysis version 5 finds in the notes, stored per content.
-- On analysis: the progression as shown (chords and numerals), the forms search reads (ProgressionSearch: the shape,
-- found in any key, and the chord names), the distinct chords, and the sound profile (SoundProfile: the vector that
-- ranks, the summary that the index searches). The chord of every beat is not stored: the file page draws its chord
-- lane from the file, as it draws the notes (storing hundreds of segments per song cost the analyze job 14%).
-- Rows of earlier versions have none of these until reprocess brings them up.
CREATE EXTENSION IF NOT EXISTS cube;

ALTER TABLE analysis
    ADD COLUMN progression          text,
    ADD COLUMN progression_numerals text,
    ADD COLUMN progression_looped   boolean,
    ADD COLUMN progression_shape    text,
    ADD COLUMN progression_chords   text,
    ADD COLUMN chord_codes          integer[],
    ADD COLUMN distinct_chords      smallint,
    ADD COLUMN sound_vector         cube,
    ADD COLUMN sound_summary        cube;

-- What chord:, chords: and prog: test, on the narrow search row. One trigram index, on the shape: a run of chord
-- names is found by its shape and then checked by its names, so each analysis write maintains one, not two.
ALTER TABLE search_row
    ADD COLUMN chord_codes        integer[],
    ADD COLUMN distinct_chords    smallint,
    ADD COLUMN progression_shape  text,
    ADD COLUMN progression_chords text,
    ADD COLUMN progression_numerals text;   -- the facet of the commonest progressions

CREATE INDEX search_row_chords_idx ON search_row USING gin (chord_codes);
CREATE INDEX search_row_progression_shape_idx ON search_row USING gin (progression_shape gin_trgm_ops);

-- The summary in a table of its own, so the search row stays narrow for the counts that read it: like: walks this
-- GiST index nearest first (KNN) and joins each candidate's search row for the query's other terms.
CREATE TABLE sound_summary (
    content_id bigint PRIMARY KEY REFERENCES search_row (content_id) ON DELETE CASCADE,
    summary    cube   NOT NULL
);
CREATE INDEX sound_summary_idx ON sound_summary USING gist (summary);

-- The search row's writer (V21) copies the new columns too, and keeps the summary beside it.
CREATE OR REPLACE FUNCTION search_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_row (content_id, sort_path, key_index, key_name, bpm, time_signature, duration_bars,
                            duration_seconds, note_count, track_count, has_drums, drums_only, instrument_families,
                            instrument_programs, tags, search_vector, chord_codes, distinct_chords,
                            progression_shape, progression_chords, progression_numerals)
    SELECT w.content_id, c.canonical_path, w.key_index, w.key_name, w.bpm, w.time_signature, w.duration_bars,
           w.duration_seconds, w.note_count, w.track_count, w.has_drums, w.drums_only, w.instrument_families,
           instrument_programs(w.instruments), w.tags, w.search_vector, w.chord_codes, w.distinct_chords,
           w.progression_shape, w.progression_chords, w.progression_numerals
    FROM written w JOIN content c ON c.id = w.content_id
    ORDER BY w.content_id
    ON CONFLICT (content_id) DO UPDATE SET sort_path = EXCLUDED.sort_path, key_index = EXCLUDED.key_index,
        key_name = EXCLUDED.key_name, bpm = EXCLUDED.bpm, time_signature = EXCLUDED.time_signature,
        duration_bars = EXCLUDED.duration_bars, duration_seconds = EXCLUDED.duration_seconds,
        note_count = EXCLUDED.note_count, track_count = EXCLUDED.track_count, has_drums = EXCLUDED.has_drums,
        drums_only = EXCLUDED.drums_only, instrument_families = EXCLUDED.instrument_families,
        instrument_programs = EXCLUDED.instrument_programs, tags = EXCLUDED.tags,
        search_vector = EXCLUDED.search_vector, chord_codes = EXCLUDED.chord_codes,
        distinct_chords = EXCLUDED.distinct_chords, progression_shape = EXCLUDED.progression_shape,
        progression_chords = EXCLUDED.progression_chords, progression_numerals = EXCLUDED.progression_numerals;
    INSERT INTO sound_summary (content_id, summary)
    SELECT w.content_id, w.sound_summary FROM written w WHERE w.sound_summary IS NOT NULL ORDER BY w.content_id
    ON CONFLICT (content_id) DO UPDATE SET summary = EXCLUDED.summary;
    DELETE FROM sound_summary s USING written w WHERE s.content_id = w.content_id AND w.sound_summary IS NULL;
    RETURN NULL;
END
$$;
