-- The library: one row per distinct content, one per path holding it, one per per-file problem.

-- One row per distinct file content (BLAKE3-256 of the bytes).
CREATE TABLE content (
    id                  bigserial PRIMARY KEY,
    blake3              bytea       NOT NULL UNIQUE,
    size                bigint      NOT NULL,
    -- header facts (SMF MThd)
    smf_format          smallint,
    declared_tracks     integer,
    division            integer,
    rmid                boolean     NOT NULL DEFAULT false,
    -- the smallest path that holds this content, and the metadata read from its file and folder names
    canonical_path      text        NOT NULL,
    name_bpm            integer,
    name_key            text,
    name_genres         text[]      NOT NULL DEFAULT '{}',
    name_roles          text[]      NOT NULL DEFAULT '{}',
    pack                text,
    first_seen          timestamptz NOT NULL DEFAULT now(),
    first_import_id     bigint      NOT NULL,   -- job instance id of the import that first saw it
    -- the analysis job's queue and outcome
    analyzed_at         timestamptz,
    analysis_version    integer,
    analysis_status     text
);
-- The analysis job pages WHERE analyzed_at IS NULL by id: a partial index keeps that cheap at any size.
CREATE INDEX content_pending_idx ON content (id) WHERE analyzed_at IS NULL;
CREATE INDEX content_first_import_idx ON content (first_import_id);

-- One row per path (a file, or an entry inside a zip: pack.zip!/dir/file.mid).
CREATE TABLE location (
    id                  bigserial PRIMARY KEY,
    path                text        NOT NULL UNIQUE,
    content_id          bigint      NOT NULL REFERENCES content (id),
    size                bigint      NOT NULL,
    mtime               timestamptz NOT NULL,
    first_seen          timestamptz NOT NULL DEFAULT now(),
    last_seen           timestamptz NOT NULL DEFAULT now(),
    import_id           bigint      NOT NULL,   -- job instance id of the import that last saw it
    import_execution_id bigint      NOT NULL    -- job execution that last wrote it
) WITH (fillfactor = 80);   -- room on each page, so a re-import's last_seen updates are HOT (no index writes)
CREATE INDEX location_content_idx ON location (content_id);

-- One row per per-file problem, per run.
CREATE TABLE file_error (
    id                  bigserial PRIMARY KEY,
    run_id              bigint      NOT NULL,   -- job instance id
    job_execution_id    bigint      NOT NULL,
    job_name            text        NOT NULL,
    path                text        NOT NULL,
    content_id          bigint      REFERENCES content (id),
    family              text        NOT NULL,
    message             text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- a restarted run that meets the same file again records it once
    UNIQUE (run_id, path)
);
CREATE INDEX file_error_family_idx ON file_error (family);

-- Staging for one import run: what the scan found, keyed by the run (job instance) so a restart continues it.
CREATE TABLE import_candidate (
    id                  bigserial PRIMARY KEY,
    import_id           bigint      NOT NULL,
    path                text        NOT NULL,
    size                bigint      NOT NULL,
    mtime               timestamptz NOT NULL,
    unchanged           boolean     NOT NULL DEFAULT false,
    UNIQUE (import_id, path)
);

-- The outcome of each import run, written by its last step.
CREATE TABLE import_run (
    import_id           bigint      PRIMARY KEY,   -- job instance id
    roots               text[]      NOT NULL,
    found               bigint      NOT NULL,
    new_contents        bigint      NOT NULL,
    duplicates          bigint      NOT NULL,
    unchanged           bigint      NOT NULL,
    failed              bigint      NOT NULL,
    bytes_read          bigint      NOT NULL,
    finished_at         timestamptz NOT NULL DEFAULT now()
);
