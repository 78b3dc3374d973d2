-- Every word the stored full-text vectors hold (issue 12). A bare search word matches as a prefix ('dark' finds
-- "DarkPad"); PostgreSQL's GIN index answers a prefix by collecting every row of every matching word into a bitmap,
-- which is slow when a word is held by most of the library ('pack' in "Pack 0042"), however rare the other words.
-- The query layer looks the prefix up here and asks for the exact words instead, which the index intersects by
-- skipping through a common word's postings. Words are only added (a word no vector holds any more matches nothing,
-- at no cost); byte order (COLLATE "C") makes a prefix one range of the primary key.
CREATE TABLE search_word (
    word text COLLATE "C" PRIMARY KEY
);

-- Kept by the database for every writer of analysis (analyze, reprocess, remote workers, the file-by-file retry, the
-- search benchmark's fill): once per statement, over the rows it wrote. Sorted, so two partitions adding the same new
-- words wait for each other instead of deadlocking.
CREATE FUNCTION search_word_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_word (word)
    SELECT DISTINCT w FROM written, unnest(tsvector_to_array(written.search_vector)) w ORDER BY w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER analysis_search_words_insert AFTER INSERT ON analysis
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION search_word_add();
CREATE TRIGGER analysis_search_words_update AFTER UPDATE ON analysis
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION search_word_add();

INSERT INTO search_word (word)
SELECT DISTINCT w FROM analysis, unnest(tsvector_to_array(search_vector)) w
ON CONFLICT DO NOTHING;
