package io.midicrate.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.corpus.TestMidi;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.NoteTable;
import io.midicrate.smf.SmfParser;
import io.midicrate.smf.TempoMap;
import io.midicrate.smf.TimeSignature;
import io.midicrate.support.JobTest;

/**
 * "More like this", measured (issue 33): real files of the evaluation set, and five variants of each made here
 * (transposed by 1 to 6 semitones either way, the tempo scaled by 0.5 to 2, re-voiced, one part dropped,
 * re-quantised to sixteenths), all imported and analysed; then {@code like:VARIANT}, with the original's other variants
 * left out, must rank the original in its top 5. The figures are printed for docs/accuracy.md; the test guards the
 * issue's target.
 */
class SimilarityReportTest extends JobTest {

    static final Path REAL = Path.of("src/test/resources/evalset/real");
    /** The first 60 files chose the profile's weights (development); the next 60 were held out until they were fixed. */
    static final int ORIGINALS = 120;
    static final int DEVELOPMENT = 60;
    static final String[] KINDS = {"transposed", "tempo", "revoiced", "part-dropped", "requantised"};

    @Autowired
    LibrarySearch search;

    @Test
    void variantsFindTheirOriginalInTheTopFive() throws Exception {
        Path lib = tmp.resolve("lib");
        Random random = new Random(33);
        List<Path> candidates;
        try (Stream<Path> files = Files.walk(REAL)) {
            candidates = files.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".mid")).sorted().toList();
        }
        int made = 0;
        SmfParser parser = new SmfParser();
        for (Path file : candidates) {
            if (made == ORIGINALS) {
                break;
            }
            byte[] bytes = Files.readAllBytes(file);
            MidiFile midi;
            try {
                midi = parser.parse(bytes, bytes.length);
            } catch (RuntimeException e) {
                continue;
            }
            if (pitchedChannels(midi) < 2 || midi.notes().count() < 200 || midi.smpte()) {
                continue; // a variant needs parts to drop and voices to move
            }
            String name = "o" + made;
            write(lib.resolve(name + "/original.mid"), bytes);
            for (String kind : KINDS) {
                write(lib.resolve(name + "/" + kind + ".mid"), variant(midi, kind, random));
            }
            made++;
        }
        assertThat(made).isEqualTo(ORIGINALS);
        assertThat(importLibrary(lib).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(analyze().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Long> ids = new HashMap<>();
        jdbc.query("SELECT c.id, l.path FROM content c JOIN location l ON l.content_id = c.id", rs -> {
            String path = rs.getString(2);
            ids.put(path.substring(lib.toString().length() + 1), rs.getLong(1));
        });

        double development = report("development", 0, DEVELOPMENT, ids);
        double heldOut = report("held out", DEVELOPMENT, made, ids);
        assertThat(heldOut).as("held-out variants ranking their original in the top 5").isGreaterThanOrEqualTo(0.95);
        assertThat(development).isGreaterThanOrEqualTo(0.95);
    }

    /** Runs like: for the variants of originals from..to-1, prints the figures, returns the share in the top 5. */
    double report(String part, int from, int to, Map<String, Long> ids) {
        Map<String, int[]> byKind = new HashMap<>(); // kind -> {in top 5, first, queries}
        double relatedScore = 0;
        double bestOtherScore = 0;
        int queries = 0;
        for (int o = from; o < to; o++) {
            long original = ids.get("o" + o + "/original.mid");
            for (String kind : KINDS) {
                Long variant = ids.get("o" + o + "/" + kind + ".mid");
                if (variant == null) {
                    continue; // the same bytes as another file (cannot happen for these kinds, but say nothing)
                }
                List<String> siblings = new ArrayList<>();
                for (String other : KINDS) {
                    if (!other.equals(kind) && ids.get("o" + o + "/" + other + ".mid") != null) {
                        siblings.add(String.valueOf(ids.get("o" + o + "/" + other + ".mid")));
                    }
                }
                List<SearchRow> top = search.search(QueryParser.parse("like:" + variant + " -id:"
                        + String.join(",", siblings)), null, 5, null).rows();
                int[] counts = byKind.computeIfAbsent(kind, k -> new int[3]);
                counts[2]++;
                queries++;
                int rank = -1;
                for (int i = 0; i < top.size(); i++) {
                    if (top.get(i).id() == original) {
                        rank = i;
                    }
                }
                if (rank >= 0) {
                    counts[0]++;
                    relatedScore += top.get(rank).similarity().score();
                }
                if (rank == 0) {
                    counts[1]++;
                }
                SearchRow bestOther = top.stream().filter(r -> r.id() != original).findFirst().orElse(null);
                if (bestOther != null) {
                    bestOtherScore += bestOther.similarity().score();
                }
            }
        }
        int inTop5 = byKind.values().stream().mapToInt(c -> c[0]).sum();
        int first = byKind.values().stream().mapToInt(c -> c[1]).sum();
        System.out.printf(Locale.ROOT, "%nlike:, %s part: %d real files and %d variants (library: all %d files and their"
                + " variants)%n", part, to - from, queries, ORIGINALS);
        System.out.printf(Locale.ROOT, "%-14s %8s %8s %8s%n", "variant", "queries", "top 5", "first");
        for (String kind : KINDS) {
            int[] c = byKind.get(kind);
            System.out.printf(Locale.ROOT, "%-14s %8d %7.1f%% %7.1f%%%n", kind, c[2], 100.0 * c[0] / c[2], 100.0 * c[1] / c[2]);
        }
        System.out.printf(Locale.ROOT, "%-14s %8d %7.1f%% %7.1f%%%n", "all", queries, 100.0 * inTop5 / queries,
                100.0 * first / queries);
        System.out.printf(Locale.ROOT, "mean score: original %.3f (where in the top 5), best unrelated file %.3f%n",
                relatedScore / Math.max(1, inTop5), bestOtherScore / queries);
        return (double) inTop5 / queries;
    }

    static int pitchedChannels(MidiFile midi) {
        boolean[] used = new boolean[16];
        NoteTable n = midi.notes();
        for (int i = 0; i < n.count(); i++) {
            if (!n.isDrum(i)) {
                used[n.channel(i)] = true;
            }
        }
        int count = 0;
        for (boolean u : used) {
            count += u ? 1 : 0;
        }
        return count;
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    /**
     * The file's notes written again with one change: its tempo map, meter and each channel's first program are kept
     * (other controller and meta events are not, as a re-export would drop them).
     */
    static byte[] variant(MidiFile midi, String kind, Random random) {
        NoteTable n = midi.notes();
        int ppq = midi.ticksPerQuarter();
        int shift = (1 + random.nextInt(6)) * (random.nextBoolean() ? 1 : -1);
        double tempoFactor = new double[] {0.5, 0.67, 0.8, 1.25, 1.5, 2.0}[random.nextInt(6)];
        int dropped = -1;
        if (kind.equals("part-dropped")) {
            // the pitched channel with the fewest notes: dropping the melody or the bass, not the whole arrangement
            int[] perChannel = new int[16];
            for (int i = 0; i < n.count(); i++) {
                perChannel[n.channel(i)]++;
            }
            for (int ch = 0; ch < 16; ch++) {
                if (ch != NoteTable.DRUM_CHANNEL && perChannel[ch] > 0 && (dropped < 0 || perChannel[ch] < perChannel[dropped])) {
                    dropped = ch;
                }
            }
        }
        TestMidi out = new TestMidi(ppq, 1);
        TempoMap tempo = midi.tempoMap();
        for (int s = 0; s < tempo.segments(); s++) {
            double bpm = tempo.segmentBpm(s) * (kind.equals("tempo") ? tempoFactor : 1);
            out.tempo(0, tempo.segmentTick(s), bpm);
        }
        for (TimeSignature ts : midi.timeSignatures()) {
            out.timeSignature(0, ts.tick(), ts.numerator(), Integer.numberOfTrailingZeros(ts.denominator()));
        }
        boolean[] programmed = new boolean[16];
        long grid = Math.max(1, ppq / 4);
        for (int i = 0; i < n.count(); i++) {
            int ch = n.channel(i);
            if (ch == dropped) {
                continue;
            }
            if (!programmed[ch] && ch != NoteTable.DRUM_CHANNEL) {
                out.program(0, ch, 0, n.program(i));
                programmed[ch] = true;
            }
            int key = n.key(i);
            long start = n.startTick()[i];
            long end = n.endTick()[i];
            if (!n.isDrum(i)) {
                if (kind.equals("transposed")) {
                    key += shift;
                } else if (kind.equals("revoiced") && random.nextInt(3) == 0) {
                    key += key >= 60 ? -12 : 12; // a third of the notes an octave towards the middle
                }
            }
            if (kind.equals("requantised")) {
                start = Math.round((double) start / grid) * grid;
                end = Math.max(start + grid, Math.round((double) end / grid) * grid);
            }
            if (key < 0 || key > 127) {
                continue;
            }
            out.note(0, ch, start, Math.max(1, end - start), key, n.velocity(i));
        }
        return out.bytes();
    }
}
