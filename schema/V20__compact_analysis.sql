-- No change. This version used to compact the analysis table that V15 rewrites (VACUUM FULL, ANALYZE) in the middle
-- of the upgrade. Maintenance is no part of a migration: after Flyway has migrated, the tables that the migrations of
-- that run rewrote are vacuumed and analysed (schema/README.md, "Maintenance"). The version stays, doing nothing, so
-- that databases which applied it and new ones record the same history.
SELECT 1;
