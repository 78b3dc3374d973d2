package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.midicrate.corpus.Corpus;
import io.midicrate.smf.SmfException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of corpus files, for a bounded time: parse plus analysis must give an {@link Analysis} or a typed
 * {@link SmfException}; no other exception, no hang (each file well under a second), no out-of-memory.
 * The seed is fixed (override with -Dmidicrate.fuzz.seed) so a failure reproduces; the failing mutation is reported.
 */
class FuzzTest {

    private static final long BUDGET_NANOS = Long.getLong("midicrate.fuzz.seconds", 20) * 1_000_000_000L;
    /** A hang guard, not a speed check: one file takes milliseconds, so 10 s means a loop that does not end. */
    private static final long MAX_NANOS_PER_FILE = 10_000_000_000L;

    enum Mutation { FLIP_BYTES, TRUNCATE, INSERT_RANDOM, DELETE_RANGE, BIG_LENGTH, SPLICE, DUPLICATE_RANGE, STATUS_NOISE }

    @Test
    void randomMutationsMeetOnlyTypedResults() {
        List<Corpus.Entry> corpus = Corpus.entries();
        long seed = Long.getLong("midicrate.fuzz.seed", 20_260_801L);
        SplittableRandom random = new SplittableRandom(seed);
        MidiAnalyzer analyzer = new MidiAnalyzer();
        Map<Mutation, Integer> tried = new EnumMap<>(Mutation.class);
        int files = 0;
        int rejected = 0;
        long deadline = System.nanoTime() + BUDGET_NANOS;
        while (System.nanoTime() < deadline) {
            Corpus.Entry base = corpus.get(random.nextInt(corpus.size()));
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] data = mutate(base.bytes(), mutation, random, corpus);
            tried.merge(mutation, 1, Integer::sum);
            long start = System.nanoTime();
            try {
                Analysis a = analyzer.analyze(data, data.length);
                assertThat(a.notes().count()).isGreaterThanOrEqualTo(0);
            } catch (SmfException e) {
                assertThat(e.family()).isNotNull();
                rejected++;
            } catch (Throwable t) {
                fail("mutation " + mutation + " of " + base.path() + " (iteration " + files + ", seed " + seed + ") threw " + t, t);
            }
            long took = System.nanoTime() - start;
            if (took > MAX_NANOS_PER_FILE) {
                fail("mutation " + mutation + " of " + base.path() + " took " + took / 1_000_000 + " ms");
            }
            files++;
        }
        System.out.printf("fuzz: %d mutated files in %d s, %d rejected with a typed family, by mutation %s%n",
                files, BUDGET_NANOS / 1_000_000_000L, rejected, tried);
        assertThat(files).as("the budget saw real work, whatever the machine").isGreaterThan(200);
        assertThat(tried).hasSize(Mutation.values().length);
    }

    static byte[] mutate(byte[] original, Mutation mutation, SplittableRandom r, List<Corpus.Entry> corpus) {
        byte[] b = original.clone();
        int n = b.length;
        switch (mutation) {
            case FLIP_BYTES -> {
                int flips = 1 + r.nextInt(20);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(n)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case TRUNCATE -> {
                return Arrays.copyOf(b, r.nextInt(n + 1));
            }
            case INSERT_RANDOM -> {
                int at = r.nextInt(n + 1);
                byte[] junk = new byte[1 + r.nextInt(64)];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = (byte) r.nextInt(256);
                }
                return splice(b, at, at, junk);
            }
            case DELETE_RANGE -> {
                int from = r.nextInt(n);
                int to = Math.min(n, from + 1 + r.nextInt(64));
                return splice(b, from, to, new byte[0]);
            }
            case BIG_LENGTH -> {
                // a length field (header or a chunk) set to something huge or zero
                int at = r.nextBoolean() ? 4 : 18 + r.nextInt(Math.max(1, n - 22));
                long v = switch (r.nextInt(4)) {
                    case 0 -> 0xFFFFFFFFL;
                    case 1 -> 0x7FFFFFFFL;
                    case 2 -> 0;
                    default -> r.nextInt(1 << 20);
                };
                for (int i = 0; i < 4 && at + i < n; i++) {
                    b[at + i] = (byte) (v >>> (24 - 8 * i));
                }
                return b;
            }
            case SPLICE -> {
                byte[] other = corpus.get(r.nextInt(corpus.size())).bytes();
                int cut = r.nextInt(n + 1);
                int from = r.nextInt(other.length + 1);
                return splice(Arrays.copyOf(b, cut), cut, cut, Arrays.copyOfRange(other, from, other.length));
            }
            case DUPLICATE_RANGE -> {
                int from = r.nextInt(n);
                int to = Math.min(n, from + 1 + r.nextInt(512));
                int at = r.nextInt(n + 1);
                return splice(b, at, at, Arrays.copyOfRange(b, from, to));
            }
            case STATUS_NOISE -> {
                // status bytes (including the undefined F4/F5/F9/FD) and VLQ continuation bytes in the event stream
                int count = 1 + r.nextInt(10);
                for (int i = 0; i < count; i++) {
                    int at = 22 + r.nextInt(Math.max(1, n - 22));
                    if (at < n) {
                        b[at] = (byte) (0x80 | r.nextInt(128));
                    }
                }
                return b;
            }
            default -> throw new IllegalStateException();
        }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }
}
