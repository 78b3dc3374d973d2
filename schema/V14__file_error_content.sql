-- The file page lists a content's per-file problems (WHERE content_id = ?): without this index each view read the
-- whole file_error table, which grows with every run that meets broken files.
CREATE INDEX file_error_content_idx ON file_error (content_id);
