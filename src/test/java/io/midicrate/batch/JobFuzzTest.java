package io.midicrate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import io.midicrate.corpus.Corpus;
import io.midicrate.library.LibraryPath;
import io.midicrate.library.StoredValues;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfParser;
import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/**
 * The standing fuzz test through the jobs: seeded mutants of the corpus (every header field at 0, 1, 0x7FFF, 0x8000,
 * 0xFFFF; chunk lengths 0 and 0xFFFFFFFF; byte flips, inserts, truncations) under hostile names, some inside a zip,
 * imported and analysed on real PostgreSQL. Both jobs complete; every file ends analysed or with an error row; no
 * Java or driver text reaches a message; no duration is beyond what the file's own ticks and tempo can say.
 * A few hundred files by default; {@code -Dmidicrate.jobfuzz.files=5000 -Dmidicrate.jobfuzz.seed=N} for a larger run.
 */
class JobFuzzTest extends JobTest {
    static final int FILES = Integer.getInteger("midicrate.jobfuzz.files", 240);
    static final long SEED = Long.getLong("midicrate.jobfuzz.seed", 20_261_202L);
    static final int[] FIELD_VALUES = {0, 1, 0x7FFF, 0x8000, 0xFFFF};

    enum Mutation { FORMAT, TRACKS, DIVISION, HEADER_LENGTH, TRACK_LENGTH, FLIP, INSERT, TRUNCATE }

    static final List<String> HOSTILE_FOLDERS = List.of("a.zip!", "Hits!", "x!!", "pack.zip", "new\nline", " spaced ",
            "caf\u00e9", "cafe\u0301", "\u200Frtl", "\uD83C\uDFB9", "quote\"s'", "back\\slash", "100%", "-rf", "..dots");

    record Mutant(String address, Mutation mutation, double durationBound) {
    }

    @Test
    void mutantsUnderHostileNamesEndAnalysedOrRecorded() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Corpus.Entry> corpus = Corpus.entries();
        Path lib = tmp.resolve("lib");
        List<Mutant> mutants = new ArrayList<>();
        Map<String, byte[]> zipped = new java.util.LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            Corpus.Entry base = corpus.get(random.nextInt(corpus.size()));
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] bytes = mutate(base.bytes(), mutation, random);
            String name = String.format("%04d %s.mid", i, mutation);
            double bound = durationBound(bytes);
            if (i % 5 == 4) {
                String entry = (random.nextBoolean() ? "in!/" : "dir/") + name;
                zipped.put(entry, bytes);
                mutants.add(new Mutant(LibraryPath.entry(LibraryPath.plain(lib.resolve("mutants.zip").toString()), entry),
                        mutation, bound));
            } else {
                Path file = lib.resolve(HOSTILE_FOLDERS.get(random.nextInt(HOSTILE_FOLDERS.size()))).resolve(name);
                TestMidi.write(file, bytes);
                mutants.add(new Mutant(LibraryPath.plain(file.toString()), mutation, bound));
            }
        }
        TestMidi.write(lib.resolve("mutants.zip"), zipWithHostileEntries(zipped));
        // a path too long for the library's index: recorded, not fatal
        Path deep = lib;
        while (deep.toString().length() < StoredValues.MAX_PATH_BYTES) {
            deep = deep.resolve("d".repeat(200));
        }
        TestMidi.write(deep.resolve("deep.mid"), TestMidi.smf(1));
        String deepAddress = LibraryPath.plain(deep.resolve("deep.mid").toString());

        JobExecution imported = importLibrary(lib);
        JobExecution analysed = analyze();

        assertThat(imported.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analysed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Set<String> located = new HashSet<>(jdbc.queryForList("SELECT path FROM location", String.class));
        Set<String> rejected = new HashSet<>(jdbc.queryForList("SELECT path FROM file_error WHERE job_name = 'import'", String.class));
        for (Mutant m : mutants) {
            assertThat(located.contains(m.address()) || rejected.contains(m.address()))
                    .as("%s (%s) reached a location or an error row", m.address(), m.mutation()).isTrue();
        }
        assertThat(rejected).contains(StoredValues.errorPath(deepAddress));
        assertThat(rejected).as("the repeated zip entry").contains(
                LibraryPath.entry(LibraryPath.plain(lib.resolve("mutants.zip").toString()), "dup.mid"));
        // every content is analysed, or failed with an error row saying why
        assertThat(jdbc.queryForObject("SELECT count(*) FROM content WHERE analysis_status IS NULL OR analyzed_at IS NULL",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM content c WHERE c.analysis_status = 'failed'
                AND NOT EXISTS (SELECT 1 FROM file_error e WHERE e.content_id = c.id AND e.job_name = 'analyze')""",
                Long.class)).isZero();
        // messages are ours: a family and a sentence, never a class name, a driver's text or a stack trace
        for (String message : jdbc.queryForList("SELECT family || ': ' || message FROM file_error", String.class)) {
            assertThat(message).doesNotContain("java.", "javax.", "org.postgresql", "org.springframework", "\tat ",
                    "Caused by", "PSQLException");
        }
        // no duration beyond what the file itself can say
        Map<String, Double> bounds = new HashMap<>();
        mutants.forEach(m -> bounds.put(m.address(), m.durationBound()));
        jdbc.query("""
                SELECT l.path, a.duration_seconds FROM analysis a JOIN location l ON l.content_id = a.content_id""", rs -> {
            Double bound = bounds.get(rs.getString(1));
            if (bound != null) {
                assertThat(rs.getDouble(2)).as("duration of %s", rs.getString(1)).isLessThanOrEqualTo(bound);
            }
        });
        System.out.printf("job fuzz: %d mutants (seed %d): %d located, %d import errors, %d contents failed analysis%n",
                mutants.size(), SEED, located.size(), rejected.size(),
                jdbc.queryForObject("SELECT count(*) FROM content WHERE analysis_status = 'failed'", Long.class));
    }

    /**
     * What the file's own bytes allow: its notes and tempo as the parser reads them, with every delta-time at most
     * 3,600 quarter notes and every quarter at most 16.8 s (the slowest tempo a file can declare): events times that.
     */
    static double durationBound(byte[] bytes) {
        try {
            MidiFile file = new SmfParser().parse(bytes, bytes.length);
            return (file.eventCount() + 1.0) * 3600 * 16.777215 + 1;
        } catch (SmfException e) {
            return 0; // not analysed: no duration is stored for it
        }
    }

    static byte[] zipWithHostileEntries(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
            put(zip, "../escape.mid", TestMidi.smf(2)); // a hostile entry name, never opened as a path: repository-boundary: allowed
            put(zip, "/absolute.mid", TestMidi.smf(3));
            put(zip, "dup.mid", TestMidi.smf(4));
            put(zip, "dup.mid", TestMidi.smf(5));
        }
        return out.toByteArray();
    }

    static void put(ZipArchiveOutputStream zip, String name, byte[] bytes) throws Exception {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(bytes);
        zip.closeArchiveEntry();
    }

    static byte[] mutate(byte[] original, Mutation mutation, SplittableRandom random) {
        byte[] d = original.clone();
        int header = indexOf(d, "MThd", 0);
        switch (mutation) {
            case FORMAT, TRACKS, DIVISION -> {
                if (header >= 0 && header + 14 <= d.length) {
                    int at = header + 8 + 2 * mutation.ordinal();
                    int value = FIELD_VALUES[random.nextInt(FIELD_VALUES.length)];
                    d[at] = (byte) (value >> 8);
                    d[at + 1] = (byte) value;
                }
            }
            case HEADER_LENGTH -> setLength(d, header, random);
            case TRACK_LENGTH -> setLength(d, indexOf(d, "MTrk", random.nextInt(Math.max(1, d.length / 2))), random);
            case FLIP -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    d[random.nextInt(d.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case INSERT -> {
                int at = random.nextInt(d.length + 1);
                byte[] garbage = new byte[1 + random.nextInt(64)];
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = (byte) random.nextInt(256);
                }
                byte[] out = new byte[d.length + garbage.length];
                System.arraycopy(d, 0, out, 0, at);
                System.arraycopy(garbage, 0, out, at, garbage.length);
                System.arraycopy(d, at, out, at + garbage.length, d.length - at);
                return out;
            }
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(d, random.nextInt(d.length));
            }
        }
        return d;
    }

    static void setLength(byte[] d, int chunk, SplittableRandom random) {
        if (chunk >= 0 && chunk + 8 <= d.length) {
            long value = random.nextBoolean() ? 0 : 0xFFFFFFFFL;
            for (int i = 0; i < 4; i++) {
                d[chunk + 4 + i] = (byte) (value >> (24 - 8 * i));
            }
        }
    }

    static int indexOf(byte[] d, String id, int from) {
        for (int i = Math.max(0, from); i + 4 <= d.length; i++) {
            if (d[i] == id.charAt(0) && d[i + 1] == id.charAt(1) && d[i + 2] == id.charAt(2) && d[i + 3] == id.charAt(3)) {
                return i;
            }
        }
        return from > 0 ? indexOf(d, id, 0) : -1;
    }
}
