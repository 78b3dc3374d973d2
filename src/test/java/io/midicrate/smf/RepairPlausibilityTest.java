package io.midicrate.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.midicrate.corpus.Corpus;

/**
 * A repair must not invent silence: 24 random bytes inserted inside a track (the track's length left as it was, as
 * a corrupting copy leaves it) are read as garbage, and the file's duration stays close to the original's.
 */
class RepairPlausibilityTest {

    static final long SEED = Long.getLong("midicrate.fuzz.seed", 20_261_202L);

    @Test
    void insertedGarbageDoesNotStretchTheDuration() {
        SplittableRandom random = new SplittableRandom(SEED);
        SmfParser parser = new SmfParser(SmfParser.Limits.defaults());
        List<String> stretched = new ArrayList<>();
        double worst = 0;
        int files = 0;
        for (Corpus.Entry entry : Corpus.entries()) {
            byte[] original = entry.bytes();
            double before;
            try {
                before = parser.parse(original, original.length).durationSeconds();
            } catch (SmfException e) {
                continue; // the corpus's own broken files
            }
            List<Integer> tracks = trackData(original);
            if (before < 1 || tracks.isEmpty()) {
                continue;
            }
            for (int round = 0; round < 3; round++) {
                byte[] mutant = insertGarbage(original, tracks, random);
                double after;
                try {
                    after = parser.parse(mutant, mutant.length).durationSeconds();
                } catch (SmfException e) {
                    continue;
                }
                files++;
                double ratio = after / before;
                worst = Math.max(worst, ratio);
                if (ratio > 2) {
                    stretched.add(entry.path() + " " + Math.round(before) + " s -> " + Math.round(after) + " s");
                }
            }
        }
        System.out.printf("repair plausibility: %d mutants, %d more than doubled, worst x%.1f%n", files, stretched.size(), worst);
        assertThat(files).isGreaterThan(300);
        assertThat(stretched.size()).as("more than doubled: %s", stretched).isLessThanOrEqualTo(files / 20);
        // before the plausibility rule: 359 of these 471 mutants more than doubled, the worst x737,596
        assertThat(worst).as("never absurd: %s", stretched).isLessThan(50);
    }

    /** Where each MTrk's data starts (after its 8-byte header). */
    static List<Integer> trackData(byte[] d) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 8 < d.length; i++) {
            if (d[i] == 'M' && d[i + 1] == 'T' && d[i + 2] == 'r' && d[i + 3] == 'k') {
                starts.add(i + 8);
            }
        }
        return starts;
    }

    static byte[] insertGarbage(byte[] original, List<Integer> tracks, SplittableRandom random) {
        int trackStart = tracks.get(random.nextInt(tracks.size()));
        int trackEnd = tracks.stream().filter(s -> s > trackStart).findFirst().map(s -> s - 8).orElse(original.length);
        int at = trackStart + random.nextInt(Math.max(1, trackEnd - trackStart));
        byte[] garbage = new byte[24];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) random.nextInt(256);
        }
        byte[] mutant = new byte[original.length + garbage.length];
        System.arraycopy(original, 0, mutant, 0, at);
        System.arraycopy(garbage, 0, mutant, at, garbage.length);
        System.arraycopy(original, at, mutant, at + garbage.length, original.length - at);
        return mutant;
    }
}
