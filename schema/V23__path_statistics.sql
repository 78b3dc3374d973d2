-- A first page of a rare path glob (path:"**/Pack 0042*/**", 1,111 of 1,400,000 paths) took 30 ms or 350 ms at a
-- million contents depending on ANALYZE's random sample: with the default 100 histogram buckets one sampled path
-- that matches made the planner expect 14,000 matches (1%) and walk every content in path order probing each one's
-- locations, instead of collecting the matches through the trigram index; two of three ANALYZEs in a row drew one.
-- With 1,000 buckets one matching sample means 0.1% (1,400 paths) and the plan collects the matches (35 ms).
-- ANALYZE of location at a million paths: about 1 s.
ALTER TABLE location ALTER COLUMN path SET STATISTICS 1000;
ANALYZE location;
