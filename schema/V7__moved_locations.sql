-- 'midicrate dupes --apply' moves redundant copies into a quarantine folder. Their location rows stay, marked moved
-- (where the file went and when), so the library keeps every path it ever saw and '--undo' can restore them.
-- Readers of the live library take location rows WHERE moved_to IS NULL.
ALTER TABLE location ADD COLUMN moved_to text, ADD COLUMN moved_at timestamptz;
