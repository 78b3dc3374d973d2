package io.midicrate.analysis;

import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key and tempo accuracy on the corpus files that carry annotations ({@code annotated_key}, {@code annotated_bpm} in
 * {@code reference.json}), printed as markdown. Usage: {@code AccuracyReport [corpusDir]} (default
 * {@code src/test/resources/corpus}). Reads reference.json with a small field scanner so the main code needs no JSON library.
 */
public final class AccuracyReport {

    /** Results per key profile, and for the final-key rule and the onset tempo. */
    public record ProfileScore(KeyProfile profile, int files, int exact, double mirex) {
        public double exactRate() {
            return files == 0 ? 0 : (double) exact / files;
        }

        public double mirexRate() {
            return files == 0 ? 0 : mirex / files;
        }
    }

    public record Result(List<ProfileScore> profiles, int keyFiles, int finalExact, double finalMirex, int bpmFiles,
                         int estimateAcc1, int estimateAcc2, int declaredAcc1, int corpusTempoFiles,
                         int corpusTempoAcc1, int corpusTempoAcc2) {
        public ProfileScore best() {
            ProfileScore best = profiles.get(0);
            for (ProfileScore p : profiles) {
                if (p.mirex() > best.mirex() || (p.mirex() == best.mirex() && p.exact() > best.exact())) {
                    best = p;
                }
            }
            return best;
        }
    }

    private static final Pattern FILE_ENTRY = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/corpus");
        print(run(dir), System.out);
    }

    public static Result run(Path corpusDir) throws IOException {
        String json = Files.readString(corpusDir.resolve("reference.json"));
        SmfParser parser = new SmfParser();
        MidiAnalyzer analyzer = new MidiAnalyzer();
        Map<KeyProfile, int[]> exact = new EnumMap<>(KeyProfile.class);
        Map<KeyProfile, double[]> mirex = new EnumMap<>(KeyProfile.class);
        for (KeyProfile p : KeyProfile.values()) {
            exact.put(p, new int[1]);
            mirex.put(p, new double[1]);
        }
        int keyFiles = 0;
        int finalExact = 0;
        double finalMirex = 0;
        int bpmFiles = 0;
        int acc1 = 0;
        int acc2 = 0;
        int declaredAcc1 = 0;
        int tempoFiles = 0;
        int tempoAcc1 = 0;
        int tempoAcc2 = 0;
        Matcher m = FILE_ENTRY.matcher(json);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        for (int i = 0; i < starts.size(); i++) {
            String entry = json.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : json.length());
            Matcher pm = FILE_ENTRY.matcher(entry);
            pm.find();
            byte[] bytes = Files.readAllBytes(corpusDir.resolve(pm.group(1)));
            MidiFile file = parser.parse(bytes, bytes.length);
            Analysis analysis = analyzer.analyze(file);
            String key = stringField(entry, "annotated_key");
            if (key != null) {
                int reference = Keys.parse(key);
                keyFiles++;
                for (KeyProfile p : KeyProfile.values()) {
                    Analysis.KeyCandidate best = analyzer.key(file, p).estimated();
                    int estimate = best == null ? -1 : best.index();
                    exact.get(p)[0] += estimate == reference ? 1 : 0;
                    mirex.get(p)[0] += Keys.mirexScore(estimate, reference);
                }
                finalExact += analysis.key().finalIndex() == reference ? 1 : 0;
                finalMirex += Keys.mirexScore(analysis.key().finalIndex(), reference);
            }
            double bpm = numberField(entry, "annotated_bpm");
            double estimate = analysis.tempo().estimatedBpm();
            if (!Double.isNaN(bpm)) {
                bpmFiles++;
                acc1 += !Double.isNaN(estimate) && AccuracyMath.acc1(estimate, bpm) ? 1 : 0;
                acc2 += !Double.isNaN(estimate) && AccuracyMath.acc2(estimate, bpm) ? 1 : 0;
                declaredAcc1 += AccuracyMath.acc1(analysis.tempo().dominantBpm(), bpm) ? 1 : 0;
            }
            if (analysis.tempo().declared() && !Double.isNaN(estimate)) {
                tempoFiles++;
                tempoAcc1 += AccuracyMath.acc1(estimate, analysis.tempo().dominantBpm()) ? 1 : 0;
                tempoAcc2 += AccuracyMath.acc2(estimate, analysis.tempo().dominantBpm()) ? 1 : 0;
            }
        }
        List<ProfileScore> scores = new ArrayList<>();
        for (KeyProfile p : KeyProfile.values()) {
            scores.add(new ProfileScore(p, keyFiles, exact.get(p)[0], mirex.get(p)[0]));
        }
        return new Result(scores, keyFiles, finalExact, finalMirex, bpmFiles, acc1, acc2, declaredAcc1, tempoFiles,
                tempoAcc1, tempoAcc2);
    }

    public static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "Key estimate on %d annotated files (histogram correlation only, key signatures ignored):%n%n", r.keyFiles());
        out.println("| profile | exact | exact % | MIREX weighted |");
        out.println("| --- | ---: | ---: | ---: |");
        for (ProfileScore p : r.profiles()) {
            out.printf(Locale.ROOT, "| %s%s | %d/%d | %.1f | %.3f |%n", p.profile(),
                    p.profile() == MidiAnalyzer.DEFAULT_PROFILE ? " (default)" : "", p.exact(), p.files(),
                    100 * p.exactRate(), p.mirexRate());
        }
        out.printf(Locale.ROOT, "| final key (signature if not C major, else %s) | %d/%d | %.1f | %.3f |%n%n",
                MidiAnalyzer.DEFAULT_PROFILE, r.finalExact(), r.keyFiles(), 100.0 * r.finalExact() / Math.max(1, r.keyFiles()),
                r.finalMirex() / Math.max(1, r.keyFiles()));
        out.printf(Locale.ROOT, "Onset BPM estimate on %d files with annotated_bpm: Accuracy1 (±4%%) %d, Accuracy2 (also x2, x3, /2, /3) %d; declared dominant tempo Accuracy1 %d.%n",
                r.bpmFiles(), r.estimateAcc1(), r.estimateAcc2(), r.declaredAcc1());
        out.printf(Locale.ROOT, "Onset BPM estimate against the declared dominant tempo on %d corpus files with a tempo and an estimate: Accuracy1 %d (%.1f%%), Accuracy2 %d (%.1f%%).%n",
                r.corpusTempoFiles(), r.corpusTempoAcc1(), 100.0 * r.corpusTempoAcc1() / Math.max(1, r.corpusTempoFiles()),
                r.corpusTempoAcc2(), 100.0 * r.corpusTempoAcc2() / Math.max(1, r.corpusTempoFiles()));
    }

    private static String stringField(String entry, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(entry);
        return m.find() ? m.group(1) : null;
    }

    private static double numberField(String entry, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(entry);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
