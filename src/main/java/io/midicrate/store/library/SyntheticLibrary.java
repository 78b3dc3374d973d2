package io.midicrate.store.library;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.midicrate.analysis.Chord;
import io.midicrate.analysis.GeneralMidi;
import io.midicrate.analysis.Keys;
import io.midicrate.analysis.Progression;
import io.midicrate.analysis.ProgressionSearch;
import io.midicrate.analysis.RomanNumerals;
import io.midicrate.analysis.SoundProfile;

/**
 * Fills an empty library with analysed contents for the search benchmark, set-based and seeded (same seed, same
 * rows): packs of skewed sizes, genres per pack, roles, tempi clustered on the usual values, mostly minor keys,
 * mostly 4/4, loops of 1..128 bars, 40% with drums, 1-3 pitched instruments, about 7 tags each, re-saved copies
 * sharing a note fingerprint, 1% failed and 2% pending, and extra paths (folder copies and zip entries) for the
 * duplicates. No MIDI file is written: only rows.
 */
@Component
public class SyntheticLibrary {

    private final JdbcTemplate jdbc;

    public SyntheticLibrary(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every content back to not analysed, its analysis rows gone (as just imported): for a benchmark's next run. */
    public void forgetAnalyses() {
        jdbc.execute("TRUNCATE analysis, tag CASCADE");
        jdbc.update("UPDATE content SET analyzed_at = NULL, analysis_status = NULL, analysis_version = NULL");
    }

    public long contents() {
        return jdbc.queryForObject("SELECT count(*) FROM content", Long.class);
    }

    /** A pseudo-random number in [0, 1) from the row's id, the seed and a salt: the same every run. */
    private static String r(String id, int salt) {
        return "((hashint8extended(" + id + ", p.seed * 100 + " + salt + ") & 2147483647)::float8 / 2147483648.0)";
    }

    /** Sound profiles are drawn round this many centres, as files of one kind cluster in a real library. */
    private static final int SOUND_CLUSTERS = 3000;

    /** Progressions the synthetic files loop, commonest first, as numerals in a minor or major key. */
    private static final List<String[]> PROGRESSIONS = List.of(
            new String[] {"i VI III VII", "minor"}, new String[] {"I V vi IV", "major"},
            new String[] {"i iv v i", "minor"}, new String[] {"vi IV I V", "major"},
            new String[] {"i VII VI VII", "minor"}, new String[] {"ii7 V7 Imaj7", "major"},
            new String[] {"i iv VII III", "minor"}, new String[] {"I IV V IV", "major"},
            new String[] {"i VI iv V", "minor"}, new String[] {"I vi IV V", "major"},
            new String[] {"i v VI IV", "minor"}, new String[] {"Imaj7 IVmaj7", "major"},
            new String[] {"i7 iv7", "minor"}, new String[] {"I bVII IV I", "major"},
            new String[] {"i VII VI V", "minor"}, new String[] {"ii7 V7 iii7 vi7", "major"});

    /**
     * Two small tables the fill draws from: each progression in each of the twelve keys (its chords, numerals and
     * search forms as the analyze job stores them), and the sound-profile centres.
     */
    private static void fillHarmonyTables(Connection con, long seed) throws SQLException {
        try (var st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_progressions");
            st.execute("""
                    CREATE TEMP TABLE bench_progressions (no int, tonic int, progression text, numerals text, looped boolean,
                                                          shape text, chords text, codes integer[], distinct_chords smallint)""");
            st.execute("DROP TABLE IF EXISTS bench_sounds");
            st.execute("CREATE TEMP TABLE bench_sounds (no int, v float8[], s float8[])");
        }
        try (var ps = con.prepareStatement("INSERT INTO bench_progressions VALUES (?, ?, ?, ?, true, ?, ?, ?, ?)")) {
            for (int no = 0; no < PROGRESSIONS.size(); no++) {
                String[] numerals = PROGRESSIONS.get(no)[0].split(" ");
                boolean minor = PROGRESSIONS.get(no)[1].equals("minor");
                for (int tonic = 0; tonic < 12; tonic++) {
                    int key = Keys.index(tonic, minor);
                    List<Chord> chords = new ArrayList<>();
                    for (String numeral : numerals) {
                        chords.add(RomanNumerals.chord(numeral, key));
                    }
                    Progression progression = new Progression(chords, List.of(numerals), true);
                    int[] codes = chords.stream().mapToInt(Chord::code).distinct().sorted().toArray();
                    ps.setInt(1, no);
                    ps.setInt(2, tonic);
                    ps.setString(3, progression.chordText());
                    ps.setString(4, progression.numeralText());
                    ps.setString(5, ProgressionSearch.shapeText(progression));
                    ps.setString(6, ProgressionSearch.chordText(progression));
                    ps.setArray(7, con.createArrayOf("integer", Arrays.stream(codes).boxed().toArray()));
                    ps.setInt(8, codes.length);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        Random random = new Random(seed);
        try (var ps = con.prepareStatement("INSERT INTO bench_sounds VALUES (?, ?, ?)")) {
            for (int no = 0; no < SOUND_CLUSTERS; no++) {
                float[] v = new float[SoundProfile.DIMENSIONS];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) (random.nextDouble() * random.nextDouble() * 0.6);
                }
                ps.setInt(1, no);
                ps.setArray(2, con.createArrayOf("float8", boxed(v)));
                ps.setArray(3, con.createArrayOf("float8", boxed(SoundProfile.summary(v))));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Object[] boxed(float[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (double) v[i];
        }
        return o;
    }

    /**
     * @param contents  distinct contents to create (ids 1..contents)
     * @param locations paths in all (at least contents): the rest are copies of random contents
     * @param progress  told what each statement does, before it runs
     */
    public void fill(long contents, long locations, long seed, Consumer<String> progress) {
        if (locations < contents) {
            throw new IllegalArgumentException("locations must be at least contents");
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (var st = con.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_params");
                st.execute("CREATE TEMP TABLE bench_params (seed bigint, contents bigint, locations bigint)");
            }
            try (var ps = con.prepareStatement("INSERT INTO bench_params VALUES (?, ?, ?)")) {
                ps.setLong(1, seed);
                ps.setLong(2, contents);
                ps.setLong(3, locations);
                ps.executeUpdate();
            }
            try (var st = con.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_gm");
                st.execute("CREATE TEMP TABLE bench_gm (program int, name text, family text)");
            }
            try (var ps = con.prepareStatement("INSERT INTO bench_gm VALUES (?, ?, ?)")) {
                for (int program = 0; program < 128; program++) {
                    ps.setInt(1, program);
                    ps.setString(2, GeneralMidi.programName(program));
                    ps.setString(3, GeneralMidi.family(program));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            fillHarmonyTables(con, seed);
            try (var st = con.createStatement()) {
                progress.accept("facts");
                st.execute("""
                        CREATE TEMP TABLE bench_facts AS
                        SELECT id, pack_no, role, bpm, key_index, meter, bars, has_drums, has_drums AND r9 < 0.4 AS drums_only,
                               CASE WHEN r10 < 0.01 THEN 'failed' WHEN r10 < 0.03 THEN NULL ELSE 'ok' END AS status,
                               CASE WHEN has_drums AND r9 < 0.4 THEN 0 ELSE 1 + floor(r11 * 3)::int END AS pitched,
                               r12 AS r_name, r13 AS r_text, r14 AS r_notes
                        FROM (
                          SELECT id, floor(power(r1, 1.6) * 3000)::int AS pack_no,
                                 (ARRAY['bass','chords','drums','melody','lead','pad','hihat','kick','arp','fill'])[1 + floor(r2 * 10)::int] AS role,
                                 CASE WHEN r3 < 0.05 THEN NULL
                                      WHEN r3 < 0.35 THEN (ARRAY[120,122,124,125,126,128])[1 + floor(r4 * 6)::int]::real
                                      WHEN r3 < 0.55 THEN (ARRAY[140,150,160,170,174])[1 + floor(r4 * 5)::int]::real
                                      WHEN r3 < 0.75 THEN (ARRAY[85,90,95,100])[1 + floor(r4 * 4)::int]::real
                                      ELSE (60 + r4 * 120)::real END AS bpm,
                                 CASE WHEN r5 < 0.04 THEN NULL WHEN r5 < 0.62 THEN 12 + floor(r6 * 12)::int
                                      ELSE floor(r6 * 12)::int END AS key_index,
                                 CASE WHEN r7 < 0.85 THEN '4/4' WHEN r7 < 0.92 THEN '3/4' WHEN r7 < 0.96 THEN '6/8'
                                      WHEN r7 < 0.98 THEN '12/8' WHEN r7 < 0.99 THEN '5/4' ELSE '7/8' END AS meter,
                                 (ARRAY[1,2,4,4,8,8,8,16,16,32,64,128])[1 + floor(r8 * 12)::int] AS bars,
                                 r9 < 0.4 AS has_drums, r9 / 0.4 AS r9, r10, r11, r12, r13, r14
                          FROM (SELECT g AS id, %s AS r1, %s AS r2, %s AS r3, %s AS r4, %s AS r5, %s AS r6, %s AS r7,
                                       %s AS r8, %s AS r9, %s AS r10, %s AS r11, %s AS r12, %s AS r13, %s AS r14
                                FROM bench_params p, generate_series(1, p.contents) g) x
                        ) y""".formatted(r("g", 1), r("g", 2), r("g", 3), r("g", 4), r("g", 5), r("g", 6), r("g", 7),
                        r("g", 8), r("g", 9), r("g", 10), r("g", 11), r("g", 12), r("g", 13), r("g", 14)));
                st.execute("""
                        CREATE TEMP TABLE bench_names AS
                        SELECT f.*, (ARRAY['trap','house','techno','hip-hop','lo-fi','drum-and-bass','dubstep','edm','pop',
                                           'rnb','jazz','ambient'])[1 + f.pack_no % 12] AS genre,
                               'Pack ' || lpad(f.pack_no::text, 4, '0') || ' ' ||
                               (ARRAY['Trap','House','Techno','Hip Hop','Lofi','DnB','Dubstep','EDM','Pop','RnB','Jazz',
                                      'Ambient'])[1 + f.pack_no % 12] || ' ' ||
                               (ARRAY['Essentials','Vol 1','Vol 2','Toolkit','Collection'])[1 + (f.pack_no / 12) % 5] AS pack,
                               f.role || '_' || (ARRAY['dark','bright','deep','warm','lofi','hard','soft','epic','chill',
                                                      'dirty','smooth','wide'])[1 + floor(f.r_name * 12)::int]
                               || CASE WHEN f.bpm IS NOT NULL AND f.r_name < 0.6 THEN '_' || round(f.bpm)::int || 'bpm' ELSE '' END
                               || '_' || f.id || '.mid' AS file_name
                        FROM bench_facts f""");
                progress.accept("content");
                st.execute("""
                        INSERT INTO content (id, blake3, size, smf_format, declared_tracks, division, rmid, canonical_path,
                                             name_bpm, name_key, name_genres, name_roles, pack, first_import_id, analyzed_at,
                                             analysis_version, analysis_status)
                        SELECT n.id, decode(md5(p.seed || ':' || n.id) || md5(n.id || ':' || p.seed), 'hex'),
                               800 + (n.r_notes * 40000)::bigint, 1, n.pitched + 1 + n.has_drums::int, 96, false,
                               '/lib/' || n.pack || '/' || initcap(n.role) || '/' || n.file_name,
                               CASE WHEN n.r_name < 0.6 THEN round(n.bpm)::int END, NULL,
                               CASE WHEN n.r_text < 0.7 THEN ARRAY[n.genre] ELSE '{}' END, ARRAY[n.role], n.pack,
                               1 + n.id * 10 / p.contents, CASE WHEN n.status IS NOT NULL THEN now() END,
                               CASE WHEN n.status IS NOT NULL THEN 2 END, n.status
                        FROM bench_names n, bench_params p ORDER BY n.id""");
                st.execute("SELECT setval(pg_get_serial_sequence('content', 'id'), (SELECT max(id) FROM content))");
                progress.accept("location");
                st.execute("""
                        INSERT INTO location (path, content_id, size, mtime, import_id, import_execution_id)
                        SELECT c.canonical_path, c.id, c.size, now() - interval '1 day', c.first_import_id, c.first_import_id
                        FROM content c ORDER BY c.id""");
                st.execute("""
                        INSERT INTO location (path, content_id, size, mtime, import_id, import_execution_id)
                        SELECT CASE WHEN k %% 3 = 0
                                    THEN '/lib/zips/' || n.pack || '.zip!/' || initcap(n.role) || '/' || k || '-' || n.file_name
                                    ELSE '/lib/Downloads/' || (k %% 997) || '/' || k || '-' || n.file_name END,
                               n.id, 1000, now() - interval '1 day', 11, 11
                        FROM (SELECT k, 1 + floor(%s * p.contents)::bigint AS id
                              FROM bench_params p, generate_series(1, p.locations - p.contents) k) d
                        JOIN bench_names n ON n.id = d.id""".formatted(r("k", 20)));
                progress.accept("analysis");
                st.execute("""
                        INSERT INTO analysis (content_id, analysis_version, smf_format, track_count, ticks_per_quarter, smpte,
                               event_count, bpm, tempo_declared, initial_bpm, dominant_bpm, min_bpm, max_bpm, tempo_changes,
                               default_tempo_disagrees, key_index, key_name, key_source, key_profile, estimated_key,
                               runner_up_key, key_confidence, time_signature, time_signature_declared, time_signature_changes,
                               duration_ticks, duration_seconds, duration_bars, note_count, pitched_note_count, drum_note_count,
                               distinct_pitches, polyphony_max, unterminated_notes, has_drums, drums_only, kick_hits,
                               snare_hits, hihat_hits, cymbal_hits, tom_hits, other_drum_hits, track_names, lyric_count,
                               note_fingerprint, search_text, progression, progression_numerals, progression_looped,
                               progression_shape, progression_chords, chord_codes, distinct_chords, sound_vector,
                               sound_summary)
                        SELECT n.id, 2, 1, n.pitched + 1 + n.has_drums::int, 96, false, notes * 2 + 10, n.bpm, n.bpm IS NOT NULL,
                               n.bpm, n.bpm, n.bpm, n.bpm, 0, false, n.key_index,
                               CASE WHEN n.key_index IS NOT NULL THEN (ARRAY['C','Db','D','Eb','E','F','F#','G','Ab','A','Bb','B',
                                    'C','C#','D','Eb','E','F','F#','G','G#','A','Bb','B'])[n.key_index + 1]
                                    || CASE WHEN n.key_index >= 12 THEN ' minor' ELSE ' major' END END,
                               CASE WHEN n.key_index IS NULL THEN 'NONE' ELSE 'ESTIMATE' END, 'ALBRECHT_SHANAHAN', NULL, NULL,
                               CASE WHEN n.key_index IS NOT NULL THEN 0.5 + n.r_text / 2 END, n.meter, true, 0,
                               n.bars * 384, n.bars * 4 * 60.0 / coalesce(n.bpm, 120), n.bars, notes,
                               CASE WHEN n.drums_only THEN 0 ELSE notes END, CASE WHEN n.has_drums THEN notes / 2 ELSE 0 END,
                               12, 4, 0, n.has_drums, n.drums_only, 0, 0, 0, 0, 0, 0,
                               ARRAY[initcap(n.role), (ARRAY['Dark Pad','Lead Synth','Hats','Kick','Piano','Strings','Brass',
                                     'Vox','Pluck','Keys'])[1 + floor(n.r_text * 10)::int]], 0,
                               'fp' || (n.id %% greatest(1, (p.contents * 85 / 100))),
                               replace(replace(replace('lib ' || n.pack || ' ' || initcap(n.role) || ' ' || n.file_name, '_', ' '),
                                       '.', ' '), '-', ' ') || ' ' || initcap(n.role) || ' '
                               || (ARRAY['Dark Pad','Lead Synth','Hats','Kick','Piano','Strings','Brass','Vox','Pluck',
                                         'Keys'])[1 + floor(n.r_text * 10)::int]
                               || CASE WHEN n.r_text < 0.2 THEN ' Intro Verse Chorus Drop' ELSE '' END,
                               bp.progression, bp.numerals, bp.looped, bp.shape, bp.chords, bp.codes, bp.distinct_chords,
                               cube(array(SELECT bc.v[d] + (%s - 0.5) * 0.1 FROM generate_series(1, %d) d)),
                               cube(array(SELECT bc.s[d] + (%s - 0.5) * 0.05 FROM generate_series(1, %d) d))
                        FROM (SELECT *, 16 + floor(power(r_notes, 2) * 3000)::int AS notes FROM bench_names) n
                        CROSS JOIN bench_params p
                        LEFT JOIN bench_progressions bp ON NOT n.drums_only
                             AND bp.no = floor(power(n.r_text, 1.5) * (SELECT max(no) + 1 FROM bench_progressions))::int
                             AND bp.tonic = coalesce(n.key_index, 0) %% 12
                        JOIN bench_sounds bc ON bc.no = n.id %% %d
                        WHERE n.status = 'ok' ORDER BY n.id""".formatted(r("n.id * 64 + d", 40), SoundProfile.DIMENSIONS,
                        r("n.id * 64 + d", 41), SoundProfile.SUMMARY_DIMENSIONS, SOUND_CLUSTERS));
                progress.accept("instruments");
                st.execute("DROP TABLE IF EXISTS bench_instruments");
                st.execute("""
                        CREATE TEMP TABLE bench_instruments (content_id bigint, channel smallint, program smallint, name text,
                                                            family text, drums boolean, note_count integer)""");
                st.execute("""
                        INSERT INTO bench_instruments (content_id, channel, program, name, family, drums, note_count)
                        SELECT n.id, ch, prog, gm.name, gm.family, false, 100
                        FROM bench_names n, bench_params p,
                             LATERAL (SELECT ch, CASE WHEN ch = 0 AND n.role = 'bass' THEN 32 + floor(%s * 8)::int
                                                      ELSE floor(%s * 128)::int END AS prog
                                      FROM generate_series(0, n.pitched - 1) ch) c
                             JOIN bench_gm gm ON gm.program = c.prog
                        WHERE n.status = 'ok'""".formatted(r("n.id * 16 + ch", 30), r("n.id * 16 + ch", 31)));
                st.execute("""
                        INSERT INTO bench_instruments (content_id, channel, program, name, family, drums, note_count)
                        SELECT n.id, 9, 0, 'Standard Kit', 'Drums', true, 100 FROM bench_names n
                        WHERE n.status = 'ok' AND n.has_drums""");
                progress.accept("tags");
                st.execute("""
                        INSERT INTO tag (name, category)
                        SELECT DISTINCT g, 'genre' FROM bench_names, unnest(ARRAY[genre]) g
                        UNION SELECT DISTINCT role, 'role' FROM bench_names WHERE role <> 'drums'
                        UNION SELECT 'drums', 'role' UNION SELECT 'drums-only', 'role'
                        UNION SELECT DISTINCT lower(replace(family, ' ', '-')), 'instrument' FROM bench_gm
                        UNION SELECT DISTINCT lower(replace(time_signature, '/', '-')), 'meter' FROM analysis
                        UNION SELECT DISTINCT lower(replace(replace(key_name, '#', '-sharp'), ' ', '-')), 'key' FROM analysis
                              WHERE key_name IS NOT NULL
                        UNION SELECT DISTINCT CASE WHEN bpm < 60 THEN 'bpm-under-60' WHEN bpm >= 200 THEN 'bpm-200-plus'
                              ELSE 'bpm-' || (floor(bpm / 20) * 20)::int || '-' || (floor(bpm / 20) * 20 + 19)::int END,
                              'tempo' FROM analysis WHERE bpm IS NOT NULL
                        ON CONFLICT (name) DO NOTHING""");
                // the analysis rows' tags and instruments (schema/V15), as the analyze job's Tagger makes them
                st.execute("""
                        UPDATE analysis a SET tags = coalesce(tg.tags, '{}'), instrument_families = i.families,
                                              instruments = i.instruments
                        FROM (SELECT content_id, array_agg(DISTINCT family COLLATE "C" ORDER BY family COLLATE "C") AS families,
                                     jsonb_agg(jsonb_build_object('channel', channel, 'program', program, 'name', name,
                                               'family', family, 'drums', drums, 'note_count', note_count)
                                               ORDER BY channel, program) AS instruments
                              FROM bench_instruments GROUP BY content_id) i
                        LEFT JOIN (SELECT content_id, array_agg(DISTINCT name COLLATE "C" ORDER BY name COLLATE "C") AS tags FROM (
                          SELECT c.id AS content_id, t.name FROM content c
                            JOIN tag t ON t.name = ANY(c.name_genres || c.name_roles) WHERE c.analysis_status = 'ok'
                          UNION ALL SELECT a.content_id, t.name FROM analysis a JOIN tag t
                            ON t.name = lower(replace(a.time_signature, '/', '-'))
                          UNION ALL SELECT a.content_id, t.name FROM analysis a JOIN tag t
                            ON t.name = lower(replace(replace(a.key_name, '#', '-sharp'), ' ', '-'))
                          UNION ALL SELECT a.content_id, t.name FROM analysis a JOIN tag t
                            ON t.name = CASE WHEN bpm < 60 THEN 'bpm-under-60' WHEN bpm >= 200 THEN 'bpm-200-plus'
                              ELSE 'bpm-' || (floor(bpm / 20) * 20)::int || '-' || (floor(bpm / 20) * 20 + 19)::int END
                          UNION ALL SELECT a.content_id, 'drums' FROM analysis a WHERE a.has_drums
                          UNION ALL SELECT bi.content_id, t.name FROM bench_instruments bi JOIN tag t
                            ON t.name = lower(replace(bi.family, ' ', '-')) WHERE NOT bi.drums
                          UNION ALL SELECT a.content_id, 'drums-only' FROM analysis a WHERE a.drums_only
                        ) links GROUP BY content_id) tg ON tg.content_id = i.content_id
                        WHERE a.content_id = i.content_id""");
                st.execute("DROP TABLE bench_instruments");
                st.execute("DROP TABLE bench_names");
                st.execute("DROP TABLE bench_facts");
                st.execute("DROP TABLE bench_params");
                st.execute("DROP TABLE bench_progressions");
                st.execute("DROP TABLE bench_sounds");
                st.execute("DROP TABLE bench_gm");
            }
            return null;
        });
        progress.accept("vacuum analyze");
        for (String table : new String[] {"content", "location", "tag", "sound_summary"}) {
            jdbc.execute("VACUUM ANALYZE " + table);
        }
        // the fill wrote each analysis and search row twice (the tags and instruments came after the row): rewritten
        // once, they are as dense as the rows the analyze job writes, so the figures are those of a real library.
        // Then a plain VACUUM, as autovacuum gives a real library: a rewritten table has an empty visibility map, so
        // an index-only walk of the path index would visit every row it passes (page 50 of tag:house 47 -> 18 ms p95)
        for (String table : new String[] {"analysis", "search_row"}) {
            jdbc.execute("VACUUM (FULL, ANALYZE) " + table);
            jdbc.execute("VACUUM " + table);
        }
    }
}
