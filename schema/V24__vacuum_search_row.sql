-- V22 rewrote the search row's table, which leaves its visibility map empty, and a rewrite counts as no inserts, so
-- autovacuum would not come soon: until a vacuum, counts and deep pages read table rows instead of their indexes alone
-- (count key:Am 94 ms instead of 40 at a million contents). A vacuum takes about half a second there. Flyway runs
-- this statement outside a transaction, as VACUUM needs.
VACUUM search_row;
