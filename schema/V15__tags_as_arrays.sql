-- Tags and instruments move onto the analysis row (issue 13, "fewer, narrower rows"): analyze wrote a content's
-- tags as link rows (content_tag: two foreign keys and two B-trees per link, the largest cost of its writes) and its
-- instruments as one row per channel and program (content_instrument). They become three columns of the row the job
-- writes anyway; two GIN indexes serve tag: and inst: (@>, &&) as the link tables' B-trees did.
--
--   tags                every tag name of the content (from its names and from its analysis), sorted
--   instrument_families the distinct General MIDI families it uses ('Piano', 'Bass', 'Drums' ...), sorted
--   instruments         one object per channel and program, by channel and program: what content_instrument held
--                       ({"channel", "program", "name", "family", "drums", "note_count"})
--
-- The tag table stays as the dictionary of tag names and their category (genre, role, instrument, tempo, key,
-- meter), which the search facets and 'show' read; its ids served only the links and go with them.

ALTER TABLE analysis
    ADD COLUMN tags                text[] NOT NULL DEFAULT '{}',
    ADD COLUMN instrument_families text[] NOT NULL DEFAULT '{}',
    ADD COLUMN instruments         jsonb  NOT NULL DEFAULT '[]';

-- Existing results move over in one set-based UPDATE (arrays in C order: the order Java's String sort gives the
-- writer's). It rewrites every analysis row; the table is vacuumed after the migrations, not here (schema/README.md).
UPDATE analysis a
SET tags = coalesce(m.tags, a.tags),
    instrument_families = coalesce(m.families, a.instrument_families),
    instruments = coalesce(m.instruments, a.instruments)
FROM (SELECT coalesce(l.content_id, i.content_id) AS content_id, l.tags, i.families, i.instruments
      FROM (SELECT ct.content_id, array_agg(t.name ORDER BY t.name COLLATE "C") AS tags
            FROM content_tag ct JOIN tag t ON t.id = ct.tag_id GROUP BY ct.content_id) l
      FULL JOIN (SELECT content_id,
                        array_agg(DISTINCT family COLLATE "C" ORDER BY family COLLATE "C") AS families,
                        jsonb_agg(jsonb_build_object('channel', channel, 'program', program, 'name', name,
                                                     'family', family, 'drums', drums, 'note_count', note_count)
                                  ORDER BY channel, program) AS instruments
                 FROM content_instrument GROUP BY content_id) i ON i.content_id = l.content_id) m
WHERE m.content_id = a.content_id;

-- Built after the fill: one pass each instead of an entry per updated row.
CREATE INDEX analysis_tags_idx ON analysis USING gin (tags);
CREATE INDEX analysis_instrument_families_idx ON analysis USING gin (instrument_families);

DROP TABLE content_tag;
DROP TABLE content_instrument;
ALTER TABLE tag DROP COLUMN id;
ALTER TABLE tag DROP CONSTRAINT tag_name_key;
ALTER TABLE tag ADD PRIMARY KEY (name);
