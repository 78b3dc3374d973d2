-- The web page's library overview (totals and chart data), precomputed: counting a million-file library takes
-- seconds, the home page must open in well under one. One row, replaced when a job has ended since it was counted.
CREATE TABLE library_overview (
    id              smallint    PRIMARY KEY CHECK (id = 1),
    computed_at     timestamptz NOT NULL,
    jobs_marker     text        NOT NULL,   -- ended executions and the latest end when it was counted
    overview        jsonb       NOT NULL
);
