-- Curation (issue 32): what a user keeps, as opposed to what analysis derives. A star, a rating, the user's own tags
-- and crates (named, ordered collections with a note). All are keyed by the content's BLAKE3, not by content id and
-- with no foreign key to content: they follow the bytes, so they outlive a re-import, a reprocess, an analysis
-- version change, a dupes apply or undo, and a content whose every path is gone. A lookup from a content joins on
-- content.blake3 (unique, so indexed) and the primary keys below.

CREATE TABLE favourite (
    blake3              bytea       PRIMARY KEY CHECK (length(blake3) = 32),
    starred_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rating (
    blake3              bytea       PRIMARY KEY CHECK (length(blake3) = 32),
    rating              smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    rated_at            timestamptz NOT NULL DEFAULT now()
);

-- The user's tags, apart from the derived ones (tag, analysis.tags): re-analysis never touches them. Stored in lower
-- case; the words the CLI accepts (letters, digits, '-', '_', up to 64).
CREATE TABLE user_tag (
    blake3              bytea       NOT NULL CHECK (length(blake3) = 32),
    tag                 text        NOT NULL CHECK (length(tag) BETWEEN 1 AND 64),
    tagged_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blake3, tag)
);
-- utag:dark and 'tag rm' by word
CREATE INDEX user_tag_tag_idx ON user_tag (tag, blake3);

CREATE TABLE crate (
    id                  bigserial   PRIMARY KEY,
    name                text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    note                text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now()
);
-- "Trap drums" and "trap drums" are one crate: names are unique and found regardless of case
CREATE UNIQUE INDEX crate_name_idx ON crate (lower(name));

-- A crate's files, in the crate's order (position ascending; gaps left by removals are harmless).
CREATE TABLE crate_member (
    crate_id            bigint      NOT NULL REFERENCES crate (id) ON DELETE CASCADE,
    blake3              bytea       NOT NULL CHECK (length(blake3) = 32),
    position            bigint      NOT NULL,
    added_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (crate_id, blake3)
);
CREATE INDEX crate_member_order_idx ON crate_member (crate_id, position);
-- the crates of one content (show, crate:NAME from a content)
CREATE INDEX crate_member_blake3_idx ON crate_member (blake3);
