package io.midicrate.analysis;

import io.midicrate.analysis.EvalSet.Item;
import io.midicrate.analysis.EvalSet.Part;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.TimeSignature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Key and tempo accuracy of every method on each part of the evaluation set ({@link EvalSet}), with 95% confidence
 * intervals, printed as markdown (docs/accuracy.md is made from it). Usage:
 * {@code AccuracyReport [evalsetDir] [corpusDir]} (defaults {@code src/test/resources/evalset},
 * {@code src/test/resources/corpus}). The estimators see only the notes (and, for tempo, the meter); the labels are
 * the files' own key signatures and tempo maps.
 */
public final class AccuracyReport {

    /**
     * A key method: the profile's weights and the chord evidence's ({@link HarmonicKey#NONE}: the profile alone);
     * shipped marks {@link KeyEstimator#DEFAULT} with {@link HarmonicKey#DEFAULT}.
     */
    public record KeyMethod(String name, KeyEstimator.Params params, HarmonicKey.Params harmony) {
        public KeyMethod(String name, KeyEstimator.Params params) {
            this(name, params, HarmonicKey.NONE);
        }

        public boolean shipped() {
            return params.equals(KeyEstimator.DEFAULT) && harmony.equals(HarmonicKey.DEFAULT);
        }
    }

    /** One method's key estimate for a file, as {@link MidiAnalyzer} makes it. */
    static final class KeyRunner {
        private final KeyEstimator estimator;
        private final HarmonicKey harmony;
        private final ChordRecognizer chords = new ChordRecognizer();

        KeyRunner(KeyMethod method) {
            this.estimator = new KeyEstimator(method.params());
            this.harmony = new HarmonicKey(method.harmony());
        }

        KeyEstimator.Estimate estimate(MidiFile file) {
            KeyEstimator.Estimate profile = estimator.estimate(file.notes());
            chords.recognize(file.notes(), file.ticksPerQuarter(), file.timeSignatures());
            return harmony.combine(estimator, profile, chords);
        }
    }

    /** A tempo method: how to make the estimator and whether it is told the meter. */
    public record TempoMethod(String name, Supplier<OnsetTempoEstimator> estimator, boolean meter, boolean shipped) {
    }

    /** Hits out of files, with the Wilson 95% interval. */
    public record Rate(int hits, int files) {
        public double rate() {
            return files == 0 ? Double.NaN : (double) hits / files;
        }

        public double low() {
            return wilson(-1);
        }

        public double high() {
            return wilson(1);
        }

        private double wilson(int sign) {
            if (files == 0) {
                return Double.NaN;
            }
            double z = 1.96;
            double p = rate();
            double centre = (p + z * z / (2 * files)) / (1 + z * z / files);
            double half = z * Math.sqrt(p * (1 - p) / files + z * z / (4.0 * files * files)) / (1 + z * z / files);
            return centre + sign * half;
        }
    }

    /** The mean MIREX weighted score with a normal-approximation 95% interval. */
    public record Mean(double mean, double halfWidth, int files) {
        static Mean of(List<Double> values) {
            int n = values.size();
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            double mean = n == 0 ? Double.NaN : sum / n;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
            return new Mean(mean, n > 0 ? 1.96 * sd / Math.sqrt(n) : Double.NaN, n);
        }
    }

    public record KeyScore(KeyMethod method, Rate exact, Mean mirex) {
    }

    public record TempoScore(TempoMethod method, Rate acc1, Rate acc2) {
    }

    /**
     * One part's figures; {@code byConfidence} is the shipped key method's exact rate on the files whose confidence
     * falls in the development part's lower, middle and upper third (boundaries {@code confidenceThirds}).
     */
    public record PartResult(Part part, List<String> sources, int files, List<KeyScore> key, List<TempoScore> tempo,
                             List<Rate> byConfidence, double[] confidenceThirds) {
        public KeyScore shippedKey() {
            return key.stream().filter(k -> k.method().shipped()).findFirst().orElseThrow();
        }

        public TempoScore shippedTempo() {
            return tempo.stream().filter(t -> t.method().shipped()).findFirst().orElseThrow();
        }
    }

    public static List<KeyMethod> keyMethods() {
        List<KeyMethod> methods = new ArrayList<>();
        for (KeyProfile p : KeyProfile.values()) {
            methods.add(new KeyMethod("histogram, " + p + (p == KeyProfile.ALBRECHT_SHANAHAN ? " (version 2)" : ""),
                    KeyEstimator.Params.histogram(p)));
        }
        KeyProfile p = KeyEstimator.DEFAULT.profile();
        methods.add(new KeyMethod("+ bass of each onset", new KeyEstimator.Params(p, 1, 0, 0, 0)));
        methods.add(new KeyMethod("+ bass, final chord", new KeyEstimator.Params(p, 1, 0, 0.1, 0)));
        methods.add(new KeyMethod("+ bass, final chord, 8 segments", new KeyEstimator.Params(p, 1, 0, 0.1, 0.5)));
        methods.add(new KeyMethod("+ bass, final chord, 8 segments, final bass note", new KeyEstimator.Params(p, 1, 0.1, 0.1, 0.5)));
        KeyEstimator.Params profile = KeyEstimator.DEFAULT;
        HarmonicKey.Params h = HarmonicKey.DEFAULT;
        methods.add(new KeyMethod("version 4 + chords: diatonic triads, tonic chord, first chord of a short file, "
                + "leading tone (version 5)", profile, h));
        methods.add(new KeyMethod("version 4 + chords, window 0.2", profile,
                new HarmonicKey.Params(h.tonic(), h.first(), h.last(), h.cadence(), h.leadingTone(), h.diatonic(), 0.2)));
        methods.add(new KeyMethod("version 4 + chords without the first chord", profile,
                new HarmonicKey.Params(h.tonic(), 0, h.last(), h.cadence(), h.leadingTone(), h.diatonic(), h.window())));
        methods.add(new KeyMethod("version 4 + chords, tonic-chord share 0.3", profile,
                new HarmonicKey.Params(0.3, h.first(), h.last(), h.cadence(), h.leadingTone(), h.diatonic(), h.window())));
        methods.add(new KeyMethod("version 4 + chords + last chord 0.1, V-I cadence 0.1", profile,
                new HarmonicKey.Params(h.tonic(), h.first(), 0.1, 0.1, h.leadingTone(), h.diatonic(), h.window())));
        methods.add(new KeyMethod("version 4 + chords without diatonic triads", profile,
                new HarmonicKey.Params(h.tonic(), h.first(), h.last(), h.cadence(), h.leadingTone(), 0, h.window())));
        return methods;
    }

    public static List<TempoMethod> tempoMethods() {
        return List.of(
                new TempoMethod("version 2: strongest lag, prior at 120, sub-multiples", OnsetTempoEstimator::version2, false, false),
                new TempoMethod("version 2 without the prior", () -> new OnsetTempoEstimator(
                        OnsetTempoEstimator.SUBMULTIPLE_RATIO, true, 120, 1e9), false, false),
                new TempoMethod("meter levels, no prior", () -> new OnsetTempoEstimator(
                        OnsetTempoEstimator.METER_WEIGHTS, 120, 1e9), true, false),
                new TempoMethod("meter levels, prior at 120", () -> new OnsetTempoEstimator(
                        OnsetTempoEstimator.METER_WEIGHTS, 120, OnsetTempoEstimator.METER_PRIOR_OCTAVES), true, false),
                new TempoMethod("meter levels, weak prior at " + (int) OnsetTempoEstimator.METER_PRIOR_CENTRE_BPM,
                        OnsetTempoEstimator::new, true, true),
                new TempoMethod("meter levels, weak prior at 150, up to 300 BPM (cut time)", () -> new OnsetTempoEstimator(
                        OnsetTempoEstimator.METER_WEIGHTS, OnsetTempoEstimator.METER_PRIOR_CENTRE_BPM,
                        OnsetTempoEstimator.METER_PRIOR_OCTAVES, 300, Double.NaN, 1), true, false),
                new TempoMethod("meter levels, weak prior at 150, up to 300 BPM, quarter = 2 tatums (1.5 octaves)",
                        () -> new OnsetTempoEstimator(OnsetTempoEstimator.METER_WEIGHTS,
                                OnsetTempoEstimator.METER_PRIOR_CENTRE_BPM, OnsetTempoEstimator.METER_PRIOR_OCTAVES, 300, 1,
                                1.5), true, false));
    }

    public static void main(String[] args) {
        Path evalset = Path.of(args.length > 0 ? args[0] : "src/test/resources/evalset");
        Path corpus = Path.of(args.length > 1 ? args[1] : "src/test/resources/corpus");
        print(run(EvalSet.load(evalset, corpus)), System.out);
    }

    public static Map<Part, PartResult> run(List<Item> items) {
        List<KeyMethod> keyMethods = keyMethods();
        List<TempoMethod> tempoMethods = tempoMethods();
        KeyRunner shipped = new KeyRunner(keyMethods.stream().filter(KeyMethod::shipped).findFirst().orElseThrow());
        List<Double> devConfidences = new ArrayList<>();
        for (Item item : items) {
            if (item.part() == Part.DEV && item.keyLabel() >= 0) {
                devConfidences.add(shipped.estimate(item.file()).confidence());
            }
        }
        devConfidences.sort(null);
        int devCount = devConfidences.size();
        double[] thirds = devCount == 0 ? new double[] {0, 0}
                : new double[] {devConfidences.get(devCount / 3), devConfidences.get(2 * devCount / 3)};
        Map<Part, PartResult> out = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            List<Item> mine = items.stream().filter(i -> i.part() == part).toList();
            List<KeyScore> keyScores = new ArrayList<>();
            for (KeyMethod method : keyMethods) {
                KeyRunner estimator = new KeyRunner(method);
                int exact = 0;
                List<Double> mirex = new ArrayList<>();
                for (Item item : mine) {
                    if (item.keyLabel() >= 0) {
                        int estimate = estimator.estimate(item.file()).best();
                        exact += estimate == item.keyLabel() ? 1 : 0;
                        mirex.add(Keys.mirexScore(estimate, item.keyLabel()));
                    }
                }
                keyScores.add(new KeyScore(method, new Rate(exact, mirex.size()), Mean.of(mirex)));
            }
            int[][] bins = new int[3][2]; // {right, files} per third
            for (Item item : mine) {
                if (item.keyLabel() >= 0) {
                    KeyEstimator.Estimate e = shipped.estimate(item.file());
                    int[] bin = bins[e.confidence() < thirds[0] ? 0 : e.confidence() < thirds[1] ? 1 : 2];
                    bin[0] += e.best() == item.keyLabel() ? 1 : 0;
                    bin[1]++;
                }
            }
            List<TempoScore> tempoScores = new ArrayList<>();
            for (TempoMethod method : tempoMethods) {
                OnsetTempoEstimator estimator = method.estimator().get();
                int acc1 = 0;
                int acc2 = 0;
                int files = 0;
                for (Item item : mine) {
                    if (Double.isNaN(item.tempoLabel())) {
                        continue;
                    }
                    MidiFile file = item.file();
                    List<TimeSignature> sigs = file.timeSignatures();
                    int num = method.meter() && !sigs.isEmpty() ? sigs.get(0).numerator() : 0;
                    int den = method.meter() && !sigs.isEmpty() ? sigs.get(0).denominator() : 0;
                    double bpm = estimator.estimate(file.notes(), num, den).bpm();
                    files++;
                    acc1 += !Double.isNaN(bpm) && AccuracyMath.acc1(bpm, item.tempoLabel()) ? 1 : 0;
                    acc2 += !Double.isNaN(bpm) && AccuracyMath.acc2(bpm, item.tempoLabel()) ? 1 : 0;
                }
                tempoScores.add(new TempoScore(method, new Rate(acc1, files), new Rate(acc2, files)));
            }
            List<String> sources = new ArrayList<>(new TreeSet<>(mine.stream().map(Item::source).toList()));
            out.put(part, new PartResult(part, sources, mine.size(), keyScores, tempoScores,
                    List.of(new Rate(bins[0][0], bins[0][1]), new Rate(bins[1][0], bins[1][1]),
                            new Rate(bins[2][0], bins[2][1])), thirds));
        }
        return out;
    }

    public static void print(Map<Part, PartResult> results, PrintStream out) {
        for (PartResult r : results.values()) {
            String name = r.part() == Part.TEST ? "test part (reported, never tuned on)" : "development part (the methods were chosen here)";
            out.printf(Locale.ROOT, "### %s: %d files from %d sources%n%n", name, r.files(), r.sources().size());
            out.printf(Locale.ROOT, "Key, %d labelled files:%n%n", r.key().get(0).exact().files());
            out.println("| method | exact | exact % (95% CI) | MIREX weighted (95% CI) |");
            out.println("| --- | ---: | ---: | ---: |");
            for (KeyScore k : r.key()) {
                out.printf(Locale.ROOT, "| %s%s | %d/%d | %s | %.3f (%.3f-%.3f) |%n", k.method().name(),
                        k.method().shipped() ? " **(shipped)**" : "", k.exact().hits(), k.exact().files(), percent(k.exact()),
                        k.mirex().mean(), Math.max(0, k.mirex().mean() - k.mirex().halfWidth()),
                        Math.min(1, k.mirex().mean() + k.mirex().halfWidth()));
            }
            List<Rate> bins = r.byConfidence();
            out.printf(Locale.ROOT, "%nShipped key method, exact by confidence (the development part's thirds, margins "
                    + "below %.3f / to %.3f / above): %d/%d (%s), %d/%d (%s), %d/%d (%s).%n%n", r.confidenceThirds()[0],
                    r.confidenceThirds()[1], bins.get(0).hits(), bins.get(0).files(), percent(bins.get(0)),
                    bins.get(1).hits(), bins.get(1).files(), percent(bins.get(1)), bins.get(2).hits(),
                    bins.get(2).files(), percent(bins.get(2)));
            out.printf(Locale.ROOT, "Tempo, %d labelled files:%n%n", r.tempo().get(0).acc1().files());
            out.println("| method | Accuracy1 (±4%) | % (95% CI) | Accuracy2 (×2, ×3, ½, ⅓) | % (95% CI) |");
            out.println("| --- | ---: | ---: | ---: | ---: |");
            for (TempoScore t : r.tempo()) {
                out.printf(Locale.ROOT, "| %s%s | %d/%d | %s | %d/%d | %s |%n", t.method().name(),
                        t.method().shipped() ? " **(shipped)**" : "", t.acc1().hits(), t.acc1().files(), percent(t.acc1()),
                        t.acc2().hits(), t.acc2().files(), percent(t.acc2()));
            }
            out.println();
        }
    }

    private static String percent(Rate r) {
        return r.files() == 0 ? "-" : String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", 100 * r.rate(), 100 * r.low(), 100 * r.high());
    }
}
