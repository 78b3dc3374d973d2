-- location.path sampled with 1,000 histogram buckets instead of the default 100, so that the plan of a rare path glob
-- (path:"**/Pack 0042*/**") no longer depends on ANALYZE's random sample. With 100 buckets, one sampled path that
-- matched made the planner expect a large share of all paths to match, and walk every content in path order probing
-- its locations instead of collecting the few matches through the trigram index; with 1,000 one matching sample
-- weighs a tenth as much, and the plan collects the matches.
ALTER TABLE location ALTER COLUMN path SET STATISTICS 1000;
-- Sampled again now, with the new target, rather than at autovacuum's next analyze.
ANALYZE location;
