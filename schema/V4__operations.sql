-- Operations: audited reprocessing. One audit per 'midicrate reprocess' run: who, why, what was selected, which
-- job executions ran it, and what changed, file by file.

CREATE TABLE audit (
    id                  bigserial   PRIMARY KEY,
    operator            text        NOT NULL,
    reason              text        NOT NULL,
    selection           jsonb       NOT NULL,                -- the selectors as the operator gave them
    command_line        text        NOT NULL,                -- the same, as typed
    analysis_version    integer     NOT NULL,                -- the analysis version this run writes
    job_instance_id     bigint,
    job_execution_ids   bigint[]    NOT NULL DEFAULT '{}',   -- the first execution, then every restart
    status              text        NOT NULL DEFAULT 'CREATED',   -- CREATED, STARTED, COMPLETED, FAILED, STOPPED
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    -- changed + unchanged = selected; failed counts the selected files whose analysis failed in this run
    selected            bigint,
    changed             bigint,
    unchanged           bigint,
    failed              bigint
);

-- The content ids an audit selected, written once by the job's first step: a restart works on exactly these.
CREATE TABLE reprocess_selection (
    audit_id    bigint NOT NULL REFERENCES audit (id),
    content_id  bigint NOT NULL REFERENCES content (id),
    PRIMARY KEY (audit_id, content_id)
);

-- Every partition's step execution, tied to its audit with its range and counts. changed and failed are over
-- the whole range for the audit (restarted executions included); read and written are this execution's.
CREATE TABLE audit_partition (
    audit_id            bigint      NOT NULL REFERENCES audit (id),
    step_execution_id   bigint      NOT NULL,
    job_execution_id    bigint      NOT NULL,
    partition_name      text        NOT NULL,
    min_id              bigint      NOT NULL,
    max_id              bigint      NOT NULL,
    rows                bigint      NOT NULL,
    status              text        NOT NULL,
    read_count          bigint      NOT NULL DEFAULT 0,
    written             bigint      NOT NULL DEFAULT 0,
    changed             bigint      NOT NULL DEFAULT 0,
    failed              bigint      NOT NULL DEFAULT 0,
    started_at          timestamptz NOT NULL DEFAULT now(),
    finished_at         timestamptz,
    PRIMARY KEY (audit_id, step_execution_id)
);

-- One row per file whose stored results a reprocess changed: {"field": {"old": ..., "new": ...}} for the fields
-- that changed. The unique key is what keeps a restarted run from writing a file's history twice.
CREATE TABLE content_history (
    id                  bigserial   PRIMARY KEY,
    audit_id            bigint      NOT NULL REFERENCES audit (id),
    content_id          bigint      NOT NULL REFERENCES content (id),
    job_execution_id    bigint      NOT NULL,
    step_execution_id   bigint      NOT NULL,
    changed_at          timestamptz NOT NULL DEFAULT now(),
    changes             jsonb       NOT NULL,
    UNIQUE (audit_id, content_id)
);
CREATE INDEX content_history_content_idx ON content_history (content_id);
