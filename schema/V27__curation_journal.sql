-- A journal of the command line's bulk curation changes (fav, rate, tag, crate add/remove), so that the last change of
-- a kind can be undone ('fav --undo', 'rate --undo', 'tag --undo', 'crate undo'). Each change keeps, per file it
-- touched, the state before it: starred (1) or not (0); the rating, or null for none; had the tag (1) or not (0);
-- the crate position, or null for not in the crate. Keyed by BLAKE3, as curation is (V25).

CREATE TABLE curation_journal (
    id                  bigserial   PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN ('fav', 'rate', 'tag', 'crate')),
    command             text        NOT NULL,
    made_at             timestamptz NOT NULL DEFAULT now(),
    undone_at           timestamptz
);
-- the last change of a kind not undone yet
CREATE INDEX curation_journal_kind_idx ON curation_journal (kind, id DESC);

CREATE TABLE curation_journal_entry (
    journal_id          bigint      NOT NULL REFERENCES curation_journal (id) ON DELETE CASCADE,
    blake3              bytea       NOT NULL CHECK (length(blake3) = 32),
    tag                 text        NOT NULL DEFAULT '',
    crate_id            bigint      NOT NULL DEFAULT 0,
    before              bigint,
    PRIMARY KEY (journal_id, blake3, tag, crate_id)
);
