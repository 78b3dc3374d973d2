-- Musical metadata written by the analyze job: one row per analysed content, its instruments and its tags.

CREATE TABLE analysis (
    content_id              bigint      PRIMARY KEY REFERENCES content (id),
    analysis_version        integer     NOT NULL,
    analyzed_at             timestamptz NOT NULL DEFAULT now(),
    -- container
    smf_format              smallint    NOT NULL,
    track_count             integer     NOT NULL,
    ticks_per_quarter       integer     NOT NULL,
    smpte                   boolean     NOT NULL,
    event_count             integer     NOT NULL,
    warnings                text[]      NOT NULL DEFAULT '{}',   -- parser repairs, e.g. TRUNCATED x1
    -- tempo
    bpm                     real,                                -- the tempo to search by: dominant declared tempo,
                                                                 -- or the onset estimate when none is declared
    tempo_declared          boolean     NOT NULL,
    initial_bpm             real,
    dominant_bpm            real,
    min_bpm                 real,
    max_bpm                 real,
    tempo_changes           integer     NOT NULL,
    tempo_map               jsonb       NOT NULL DEFAULT '[]',   -- capped [{tick, seconds, bpm}]
    estimated_bpm           real,
    estimate_confidence     real,
    default_tempo_disagrees boolean     NOT NULL,
    -- key
    key_index               smallint,                            -- final key: 0..11 major C..B, 12..23 minor
    key_name                text,
    key_source              text        NOT NULL,                -- KEY_SIGNATURE, ESTIMATE or NONE
    key_profile             text        NOT NULL,
    estimated_key           text,
    runner_up_key           text,
    key_confidence          real,
    declared_key            text,
    -- time
    time_signature          text        NOT NULL,                -- at the start, e.g. 4/4
    time_signature_declared boolean     NOT NULL,
    time_signature_changes  integer     NOT NULL,
    duration_ticks          bigint      NOT NULL,
    duration_seconds        double precision NOT NULL,
    duration_bars           double precision NOT NULL,
    -- notes
    note_count              integer     NOT NULL,
    pitched_note_count      integer     NOT NULL,
    drum_note_count         integer     NOT NULL,
    distinct_pitches        integer     NOT NULL,
    pitch_min               smallint,
    pitch_max               smallint,
    pitch_mean              real,
    velocity_mean           real,
    velocity_stddev         real,
    polyphony_mean          real,
    polyphony_max           integer     NOT NULL,
    notes_per_second        real,
    pitch_class_entropy     real,
    scale_consistency       real,
    empty_beat_rate         real,
    unterminated_notes      integer     NOT NULL,
    -- drums
    has_drums               boolean     NOT NULL,
    drums_only              boolean     NOT NULL,
    kick_hits               integer     NOT NULL,
    snare_hits              integer     NOT NULL,
    hihat_hits              integer     NOT NULL,
    cymbal_hits             integer     NOT NULL,
    tom_hits                integer     NOT NULL,
    other_drum_hits         integer     NOT NULL,
    -- text
    track_names             text[]      NOT NULL DEFAULT '{}',
    instrument_names        text[]      NOT NULL DEFAULT '{}',
    copyright               text,
    markers                 text[]      NOT NULL DEFAULT '{}',
    lyric_count             integer     NOT NULL,
    -- the normalised note content, equal for re-saved copies of the same music
    note_fingerprint        text,
    -- names, paths and text meta, for full-text search
    search_text             text        NOT NULL
);
CREATE INDEX analysis_bpm_idx ON analysis (bpm);
CREATE INDEX analysis_key_idx ON analysis (key_index);
CREATE INDEX analysis_time_signature_idx ON analysis (time_signature);
CREATE INDEX analysis_duration_idx ON analysis (duration_seconds);
CREATE INDEX analysis_fingerprint_idx ON analysis (note_fingerprint);
CREATE INDEX analysis_version_idx ON analysis (analysis_version);
CREATE INDEX analysis_search_idx ON analysis USING gin (to_tsvector('simple', search_text));

-- One row per channel and program used (drums are channel 9, family 'Drums', never a piano).
CREATE TABLE content_instrument (
    content_id  bigint   NOT NULL REFERENCES content (id),
    channel     smallint NOT NULL,
    program     smallint NOT NULL,
    name        text     NOT NULL,
    family      text     NOT NULL,
    drums       boolean  NOT NULL,
    note_count  integer  NOT NULL,
    PRIMARY KEY (content_id, channel, program)
);
CREATE INDEX content_instrument_family_idx ON content_instrument (family, content_id);

CREATE TABLE tag (
    id       serial PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    category text NOT NULL
);

CREATE TABLE content_tag (
    content_id bigint  NOT NULL REFERENCES content (id),
    tag_id     integer NOT NULL REFERENCES tag (id),
    source     text    NOT NULL,   -- name (file and folder names) or content (the analysis)
    PRIMARY KEY (content_id, tag_id)
);
CREATE INDEX content_tag_tag_idx ON content_tag (tag_id, content_id);

CREATE INDEX content_status_idx ON content (analysis_status) WHERE analysis_status IS NOT NULL;
