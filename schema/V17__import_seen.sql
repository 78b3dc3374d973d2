-- Re-import without a write per unchanged path (issue 13). The walk is copied into import_seen (no index: COPY is
-- its only writer, one hash join with location its only reader) and compared with location once, after the walk:
-- paths new or changed become import_candidate rows to hash; a location whose file came back (moved by 'dupes', or
-- missing) is live again; a location under the run's roots that the walk did not find is marked missing.
-- An unchanged location is not written: location.import_id and location.last_seen now say which run last WROTE it,
-- and location_last_seen() below says when an import last saw it.
CREATE TABLE import_seen (
    id                  bigserial,                 -- walk order (candidate ids follow it)
    import_id           bigint      NOT NULL,      -- job instance id
    path                text        NOT NULL,
    size                bigint      NOT NULL,
    mtime               timestamptz NOT NULL
);
-- The comparison's plan needs only how many rows the run has, not how they are distributed: the smallest
-- statistics target keeps ANALYZE of this table cheap.
ALTER TABLE import_seen ALTER COLUMN import_id SET STATISTICS 1;

-- Set when an import of a root holding the path did not find it; cleared when an import finds it again.
ALTER TABLE location ADD COLUMN missing_since timestamptz;

-- Whether a path lies under one of an import's roots (a folder, a file, or a zip read as a folder), for
-- location_last_seen below. The import's comparison applies the same rule as LIKE patterns
-- (ImportCandidates.rootPatterns), which are cheaper per row.
CREATE FUNCTION path_under_roots(path text, roots text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM unnest(roots) AS r
                   WHERE path = r OR starts_with(path, rtrim(r, '/') || '/') OR starts_with(path, r || '!/'))
$$;

-- When an import last saw a location: a live one was seen by the last finished import of a root holding it (or
-- later, by the write that created or changed it); a missing one keeps what was stored when it went missing.
CREATE FUNCTION location_last_seen(path text, last_seen timestamptz, missing_since timestamptz) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN missing_since IS NOT NULL THEN last_seen
                ELSE greatest(last_seen, (SELECT max(r.finished_at) FROM import_run r
                                          WHERE path_under_roots(path, r.roots))) END
$$;
