-- No change. This version used to vacuum the search row's table that V22 rewrites, in the middle of the upgrade.
-- Maintenance is no part of a migration: after Flyway has migrated, the tables that the migrations of that run
-- rewrote are vacuumed and analysed (schema/README.md, "Maintenance"). The version stays, doing nothing, so that
-- databases which applied it and new ones record the same history.
SELECT 1;
