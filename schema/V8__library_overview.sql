-- The web page's library overview (totals and chart data), precomputed: counting a large library on every visit
-- would make the home page slow to open. One row, replaced when a job has ended since it was counted.
CREATE TABLE library_overview (
    id              smallint    PRIMARY KEY CHECK (id = 1),
    computed_at     timestamptz NOT NULL,
    jobs_marker     text        NOT NULL,   -- ended executions and the latest end when it was counted
    overview        jsonb       NOT NULL
);
