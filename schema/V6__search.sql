-- Search (the search and show commands): the indexes their queries need, and the full-text vector stored once.

-- Sorting by an analysis value pages by keyset on (value, content_id): the single-column indexes become two-column
-- ones (same number of indexes, so analysis writes cost the same).
DROP INDEX analysis_bpm_idx;
CREATE INDEX analysis_bpm_idx ON analysis (bpm, content_id);
DROP INDEX analysis_key_idx;
CREATE INDEX analysis_key_idx ON analysis (key_index, content_id);
DROP INDEX analysis_duration_idx;
CREATE INDEX analysis_duration_idx ON analysis (duration_seconds, content_id);

-- Full text: the vector is stored (computed once, when the row is written) instead of recomputed by every query
-- that walks another index and checks a word, or ranks by relevance; the GIN index moves onto it.
ALTER TABLE analysis ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
DROP INDEX analysis_search_idx;
CREATE INDEX analysis_search_idx ON analysis USING gin (search_vector);

-- The default order (a content's first path) pages by keyset on (canonical_path, id).
CREATE INDEX content_canonical_path_idx ON content (canonical_path, id);

-- Names metadata filters: genre:, role: (array overlap) and pack: (case-insensitive, prefix patterns).
CREATE INDEX content_name_genres_idx ON content USING gin (name_genres);
CREATE INDEX content_name_roles_idx ON content USING gin (name_roles);
CREATE INDEX content_pack_idx ON content (lower(pack) text_pattern_ops);

-- path: globs and substrings are regexes / LIKE over every path: trigrams let PostgreSQL find candidate rows without
-- reading every path. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX location_path_trgm_idx ON location USING gin (path gin_trgm_ops);
