package io.midicrate.analysis;

import io.midicrate.smf.SmfParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chord and key accuracy on the harmony evaluation set ({@link HarmonyEvalSet}), as MIREX evaluates chords: time-weighted
 * share of the labelled time where the estimate agrees, per vocabulary, with mir_eval's rules (a stretch whose label is
 * outside a measure's vocabulary does not count for that measure):
 * <ul>
 *   <li>root: same root (every label);</li>
 *   <li>majmin: same root and the same intervals up to the fifth (labels that reduce to maj or min: maj, min, 6, m6,
 *       7, maj7, m7), so C7 for C counts and Cdim for Cm does not;</li>
 *   <li>sevenths: same root and the same chord (labels maj, min, 7, maj7, m7 only);</li>
 *   <li>majmin_inv, sevenths_inv: the same, and the same bass.</li>
 * </ul>
 * "No chord" estimated over a labelled chord is wrong in every measure. Key: the MIREX weighted score against the key
 * the progression was written in, for the shipped estimate and for the pitch profile alone ({@link KeyEstimator}).
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) io.midicrate.analysis.HarmonyReport</pre>
 */
public final class HarmonyReport {

    /** Time-weighted agreement per measure. */
    public static final class Score {
        static final String[] MEASURES = {"root", "majmin", "majmin_inv", "sevenths", "sevenths_inv"};
        final double[] right = new double[MEASURES.length];
        final double[] total = new double[MEASURES.length];
        double keyMirex;
        double profileKeyMirex;
        int keyExact;
        int profileKeyExact;
        int files;

        public double rate(String measure) {
            int m = List.of(MEASURES).indexOf(measure);
            return total[m] == 0 ? Double.NaN : right[m] / total[m];
        }

        public double keyMirex() {
            return files == 0 ? Double.NaN : keyMirex / files;
        }

        public double profileKeyMirex() {
            return files == 0 ? Double.NaN : profileKeyMirex / files;
        }

        void add(Score o) {
            for (int m = 0; m < MEASURES.length; m++) {
                right[m] += o.right[m];
                total[m] += o.total[m];
            }
            keyMirex += o.keyMirex;
            profileKeyMirex += o.profileKeyMirex;
            keyExact += o.keyExact;
            profileKeyExact += o.profileKeyExact;
            files += o.files;
        }

        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f (%d/%d) | %.3f (%d/%d) |", name,
                    files, 100 * rate("root"), 100 * rate("majmin"), 100 * rate("majmin_inv"), 100 * rate("sevenths"),
                    100 * rate("sevenths_inv"), keyMirex(), keyExact, files, profileKeyMirex(), profileKeyExact, files);
        }
    }

    static boolean VERBOSE = Boolean.getBoolean("harmony.verbose");

    private HarmonyReport() {
    }

    /** Scores one analysed file against its labels. */
    static Score score(HarmonyEvalSet.Item item, Analysis analysis, int profileKey) {
        return score(item, analysis.harmony().segments(),
                analysis.key().estimated() == null ? -1 : analysis.key().estimated().index(), profileKey);
    }

    static Score score(HarmonyEvalSet.Item item, List<HarmonyFacts.ChordSegment> est, int key, int profileKey) {
        Score s = new Score();
        s.files = 1;
        s.keyMirex = Keys.mirexScore(key, item.key());
        s.keyExact = key == item.key() ? 1 : 0;
        s.profileKeyMirex = Keys.mirexScore(profileKey, item.key());
        s.profileKeyExact = profileKey == item.key() ? 1 : 0;
        int e = 0;
        for (HarmonyEvalSet.Label label : item.chords()) {
            double t = label.start();
            while (t < label.end()) {
                while (e < est.size() && est.get(e).endSeconds() <= t) {
                    e++;
                }
                Chord guess = null;
                double until = label.end();
                if (e < est.size() && est.get(e).startSeconds() <= t) {
                    guess = est.get(e).chord();
                    until = Math.min(until, est.get(e).endSeconds());
                } else if (e < est.size()) {
                    until = Math.min(until, est.get(e).startSeconds());
                }
                compare(label.chord(), guess, until - t, s);
                t = until;
            }
        }
        return s;
    }

    private static void compare(Chord ref, Chord est, double seconds, Score s) {
        ChordQuality rq = ref.quality();
        boolean root = est != null && est.root() == ref.root();
        boolean bass = est != null && est.bass() == ref.bass();
        boolean majmin = rq.majMin() != null;
        boolean sevenths = rq == ChordQuality.MAJOR || rq == ChordQuality.MINOR || rq == ChordQuality.DOMINANT_SEVENTH
                || rq == ChordQuality.MAJOR_SEVENTH || rq == ChordQuality.MINOR_SEVENTH;
        boolean sameTriad = root && triadMask(est.quality()) == triadMask(rq);
        boolean same = root && est.quality() == rq;
        add(s, 0, true, root, seconds);
        add(s, 1, majmin, sameTriad, seconds);
        add(s, 2, majmin, sameTriad && bass, seconds);
        add(s, 3, sevenths, same, seconds);
        add(s, 4, sevenths, same && bass, seconds);
    }

    /** The intervals up to the fifth (mir_eval compares the first 8 semitones for majmin). */
    private static int triadMask(ChordQuality q) {
        int mask = 0;
        for (int i : q.intervals()) {
            if (i < 8) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    private static void add(Score s, int measure, boolean counts, boolean right, double seconds) {
        if (counts) {
            s.total[measure] += seconds;
            if (right) {
                s.right[measure] += seconds;
            }
        }
    }

    /** Scores of every file of {@code items} in {@code part} (null: both), by category and in total (key "all"). */
    public static Map<String, Score> run(List<HarmonyEvalSet.Item> items, EvalSet.Part part, MidiAnalyzer analyzer) {
        KeyEstimator profile = new KeyEstimator(KeyEstimator.DEFAULT);
        Map<String, Score> out = new TreeMap<>();
        Score all = new Score();
        for (HarmonyEvalSet.Item item : items) {
            if (part != null && item.part() != part) {
                continue;
            }
            Analysis a = analyzer.analyze(item.file());
            Score s = score(item, a, profile.estimate(item.file().notes()).best());
            if (VERBOSE) {
                System.out.printf(Locale.ROOT, "%s key %s (%s) runner-up %s conf %.3f | majmin %.2f sevenths %.2f inv %.2f | %s%n",
                        item.path(), a.key().estimated() == null ? null : a.key().estimated().name(), Keys.name(item.key()),
                        a.key().runnerUp() == null ? null : a.key().runnerUp().name(), a.key().confidence(),
                        s.rate("majmin"), s.rate("sevenths"), s.rate("majmin_inv"), a.harmony().progression().chordText());
            }
            out.computeIfAbsent(item.category(), c -> new Score()).add(s);
            all.add(s);
        }
        out.put("all", all);
        return out;
    }

    public static String table(Map<String, Score> scores) {
        StringBuilder b = new StringBuilder();
        b.append("| files | n | root % | majmin % | majmin_inv % | sevenths % | sevenths_inv % | key MIREX (exact) | profile-only key MIREX (exact) |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        scores.forEach((name, s) -> b.append(s.row(name)).append('\n'));
        return b.toString();
    }

    public static void main(String[] args) {
        List<HarmonyEvalSet.Item> items = HarmonyEvalSet.load(args.length > 0 ? Path.of(args[0]) : HarmonyEvalSet.DIR);
        MidiAnalyzer analyzer = new MidiAnalyzer(new SmfParser(), KeyEstimator.DEFAULT);
        for (EvalSet.Part part : Boolean.getBoolean("harmony.devOnly") ? new EvalSet.Part[] {EvalSet.Part.DEV} : EvalSet.Part.values()) {
            System.out.println("### " + part.name().toLowerCase(Locale.ROOT) + " part\n");
            System.out.println(table(run(items, part, analyzer)));
        }
    }
}
