-- Paths compare, sort and are indexed in byte order (COLLATE "C"), whatever locale the database was created with.
-- Under a language locale (en_US.UTF-8, a common default of a desktop or a server) every comparison of two paths
-- went through the C library's strcoll, which slowed imports down, and "the smallest path holding a content"
-- (content.canonical_path, which names a content and orders searches) depended on the machine's locale, so the
-- same files imported on two machines could be named and sorted differently. Byte order is the same everywhere.
-- On an existing library this rebuilds the indexes on these columns and rewrites the search row's table (its
-- file-name words are made again); that table is vacuumed after the migrations (schema/README.md).

ALTER TABLE location ALTER COLUMN path TYPE text COLLATE "C";
-- (the trigger that copies a content's smallest path to its search row names the column, so it is made again)
DROP TRIGGER content_search_row_sort_path ON content;
ALTER TABLE content ALTER COLUMN canonical_path TYPE text COLLATE "C";
CREATE TRIGGER content_search_row_sort_path AFTER UPDATE OF canonical_path ON content
    FOR EACH ROW WHEN (OLD.canonical_path IS DISTINCT FROM NEW.canonical_path) EXECUTE FUNCTION content_sort_path();
ALTER TABLE import_seen ALTER COLUMN path TYPE text COLLATE "C";
ALTER TABLE import_candidate ALTER COLUMN path TYPE text COLLATE "C";
ALTER TABLE file_error ALTER COLUMN path TYPE text COLLATE "C";

-- The search row's sort key, copied from content.canonical_path. Its file-name words are a generated column over
-- it, which PostgreSQL cannot keep while the column's collation changes: dropped and made again with their index.
ALTER TABLE search_row DROP COLUMN name_vector;
ALTER TABLE search_row ALTER COLUMN sort_path TYPE text COLLATE "C";
ALTER TABLE search_row ADD COLUMN name_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple',
    regexp_replace(split_part(sort_path, '/', -1), '[_\-.!()\[\]]+', ' ', 'g'))) STORED;
CREATE INDEX search_row_words_idx ON search_row USING gin (key_index, search_vector, name_vector);

-- A column whose type changes loses its planner statistics: sampled again (location's in V23), as V21 did for the
-- new search row.
ANALYZE content;
ANALYZE search_row;
