-- The search row (issue 12): what searches filter, sort and count by, in a narrow table of its own, one row per
-- analysed content. The analysis row is wide (instruments as JSON, note statistics, the search text and its vector):
-- counting a common word's matches read all of that, and a page in path order probed the analysis row of every
-- content it walked past. The search row holds only what searches test, and the sort key (the content's first path),
-- so a page in path order and a count read one narrow table, no join.

-- btree_gin (contrib, like pg_trgm): one GIN index over the key and the words, so that "dark pad" key:Em intersects
-- the key's postings with the words' inside one index scan, skipping instead of collecting every row of both words.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE search_row (
    content_id          bigint           PRIMARY KEY REFERENCES analysis (content_id) ON DELETE CASCADE,
    sort_path           text             NOT NULL,   -- content.canonical_path, kept by content_sort_path()
    key_index           smallint,
    key_name            text,
    bpm                 real,
    time_signature      text,
    duration_bars       double precision,
    duration_seconds    double precision,
    note_count          integer,
    track_count         integer,
    has_drums           boolean,
    drums_only          boolean,
    instrument_families text[],
    instrument_programs integer[],                  -- the General MIDI programs of its pitched parts (inst:bagpipe)
    tags                text[],
    search_vector       tsvector,
    -- the words of the file name (the last part of the first path, separators read as spaces): relevance puts the
    -- files named by the query's words first, found through the index instead of by reading every match's path
    name_vector         tsvector         GENERATED ALWAYS AS (to_tsvector('simple',
                            regexp_replace(split_part(sort_path, '/', -1), '[_\-.!()\[\]]+', ' ', 'g'))) STORED
);

CREATE FUNCTION instrument_programs(instruments jsonb) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT (i ->> 'program')::int ORDER BY (i ->> 'program')::int), '{}')
    FROM jsonb_array_elements(instruments) i WHERE NOT (i ->> 'drums')::boolean
$$;

-- Kept by the database for every writer of analysis (analyze, reprocess, remote workers, the file-by-file retry, the
-- search benchmark's fill), once per statement over the rows it wrote (an upsert fires both triggers, each with its
-- own rows). Sorted by content, so two partitions never lock the same rows in opposite orders.
CREATE FUNCTION search_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_row (content_id, sort_path, key_index, key_name, bpm, time_signature, duration_bars,
                            duration_seconds, note_count, track_count, has_drums, drums_only, instrument_families,
                            instrument_programs, tags, search_vector)
    SELECT w.content_id, c.canonical_path, w.key_index, w.key_name, w.bpm, w.time_signature, w.duration_bars,
           w.duration_seconds, w.note_count, w.track_count, w.has_drums, w.drums_only, w.instrument_families,
           instrument_programs(w.instruments), w.tags, w.search_vector
    FROM written w JOIN content c ON c.id = w.content_id
    ORDER BY w.content_id
    ON CONFLICT (content_id) DO UPDATE SET sort_path = EXCLUDED.sort_path, key_index = EXCLUDED.key_index,
        key_name = EXCLUDED.key_name, bpm = EXCLUDED.bpm, time_signature = EXCLUDED.time_signature,
        duration_bars = EXCLUDED.duration_bars, duration_seconds = EXCLUDED.duration_seconds,
        note_count = EXCLUDED.note_count, track_count = EXCLUDED.track_count, has_drums = EXCLUDED.has_drums,
        drums_only = EXCLUDED.drums_only, instrument_families = EXCLUDED.instrument_families,
        instrument_programs = EXCLUDED.instrument_programs, tags = EXCLUDED.tags,
        search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END
$$;

CREATE TRIGGER analysis_search_row_insert AFTER INSERT ON analysis
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION search_row_write();
CREATE TRIGGER analysis_search_row_update AFTER UPDATE ON analysis
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION search_row_write();

-- A content's first path changes only when an import finds a smaller path holding it: rare, so row by row.
CREATE FUNCTION content_sort_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_row SET sort_path = NEW.canonical_path WHERE content_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER content_search_row_sort_path AFTER UPDATE OF canonical_path ON content
    FOR EACH ROW WHEN (OLD.canonical_path IS DISTINCT FROM NEW.canonical_path) EXECUTE FUNCTION content_sort_path();

-- The search rows of the contents analysed so far: on an upgraded library this writes the whole table, which is
-- vacuumed after the migrations (schema/README.md).
INSERT INTO search_row (content_id, sort_path, key_index, key_name, bpm, time_signature, duration_bars,
                        duration_seconds, note_count, track_count, has_drums, drums_only, instrument_families,
                        instrument_programs, tags, search_vector)
SELECT a.content_id, c.canonical_path, a.key_index, a.key_name, a.bpm, a.time_signature, a.duration_bars,
       a.duration_seconds, a.note_count, a.track_count, a.has_drums, a.drums_only, a.instrument_families,
       instrument_programs(a.instruments), a.tags, a.search_vector
FROM analysis a JOIN content c ON c.id = a.content_id
ORDER BY a.content_id;

-- The search indexes move from analysis to the search row (an analysis write keeps the same number of index entries
-- to maintain, plus the search row's key and path).
-- The path index carries the columns the common filters test, so a page in path order (the default) walks the index
-- alone and reads no table row until one matches.
CREATE INDEX search_row_path_idx ON search_row (sort_path, content_id)
    INCLUDE (key_index, bpm, time_signature, has_drums, drums_only, duration_bars, instrument_families, tags);
CREATE INDEX search_row_bpm_idx ON search_row (bpm, content_id);
CREATE INDEX search_row_key_idx ON search_row (key_index, content_id);
CREATE INDEX search_row_duration_idx ON search_row (duration_seconds, content_id);
CREATE INDEX search_row_time_signature_idx ON search_row (time_signature);
CREATE INDEX search_row_words_idx ON search_row USING gin (key_index, search_vector, name_vector);
CREATE INDEX search_row_tags_idx ON search_row USING gin (tags);
CREATE INDEX search_row_instruments_idx ON search_row USING gin (instrument_families, instrument_programs);

DROP INDEX analysis_bpm_idx;
DROP INDEX analysis_key_idx;
DROP INDEX analysis_duration_idx;
DROP INDEX analysis_time_signature_idx;
DROP INDEX analysis_search_idx;
DROP INDEX analysis_tags_idx;
DROP INDEX analysis_instrument_families_idx;

-- The new table's planner statistics, for the searches that follow the upgrade.
ANALYZE search_row;
