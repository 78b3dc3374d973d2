-- V15 wrote every analysis row twice over (its tags, then its instruments), so a library migrated from an earlier
-- version holds three versions of each row: a million-content analysis table grew from 566 MB to 2.3 GB and, until
-- autovacuum came round, its statistics and visibility were those of before the migration (measured: the search
-- benchmark's count of key:Am took 560 ms instead of 150). Rewritten compactly once, with fresh statistics. On a new
-- or empty library this is instant. VACUUM runs outside a transaction; Flyway runs this script so.
VACUUM (FULL, ANALYZE) analysis;
