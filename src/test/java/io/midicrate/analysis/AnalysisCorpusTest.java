package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.midicrate.corpus.Corpus;
import io.midicrate.smf.KeySignature;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Analysis of every corpus file agrees with mido's facts where they overlap, and holds its invariants. */
class AnalysisCorpusTest {

    private final SmfParser parser = new SmfParser();
    private final MidiAnalyzer analyzer = new MidiAnalyzer();

    @Test
    void corpusAnalysisAgreesWithMido() {
        List<String> mismatches = new ArrayList<>();
        for (Corpus.Entry e : Corpus.entries()) {
            JsonNode ref = e.reference();
            MidiFile f = parser.parse(e.bytes(), e.bytes().length);
            Analysis a = analyzer.analyze(f);
            String p = e.path();
            // seconds per pitch class, channel 10 excluded: checks the tempo-map conversion note by note
            JsonNode hist = ref.get("pc_duration_hist");
            for (int pc = 0; pc < 12; pc++) {
                double expected = hist.get(pc).asDouble();
                double actual = a.key().pitchClassSeconds()[pc];
                if (Math.abs(expected - actual) > 1e-3 * Math.max(1, expected)) {
                    mismatches.add(p + ": pc " + pc + " seconds mido=" + expected + " ours=" + actual);
                }
            }
            close(mismatches, p, "initial_tempo_bpm", ref.get("initial_tempo_bpm").asDouble(), a.tempo().initialBpm());
            // mido's reference weights "dominant" by ticks; ours by seconds (in force longest as heard). They differ
            // only where a slow tempo holds fewer ticks but more seconds (liquidwar colossus.mid: 64 BPM for 33.8 s
            // against 105 BPM for 28.9 s); there mido's value must be our tick-weighted dominant.
            double midoDominant = ref.get("dominant_tempo_bpm").asDouble();
            if (Math.abs(midoDominant - a.tempo().dominantBpm()) > 1e-3 * midoDominant) {
                close(mismatches, p, "tick-weighted dominant", midoDominant, tickWeightedDominant(f));
                differingDominant.add(p);
            }
            assertThat(a.tempo().declared()).as(p).isEqualTo(ref.get("tempo_count").asInt() > 0);
            List<String> keys = new ArrayList<>();
            for (KeySignature k : f.keySignatures()) {
                String name = Keys.signatureName(k.sharps(), k.minor());
                keys.add(name.substring(0, name.indexOf(' ')) + (k.minor() ? "m" : ""));
            }
            List<String> refKeys = new ArrayList<>();
            ref.get("key_signatures").forEach(k -> refKeys.add(k.asText()));
            if (!keys.equals(refKeys)) {
                mismatches.add(p + ": key signatures mido=" + refKeys + " ours=" + keys);
            }
            // invariants the DB relies on
            assertThat(a.analysisVersion()).isEqualTo(MidiAnalyzer.ANALYSIS_VERSION);
            assertThat(a.notes().count()).as(p).isEqualTo(ref.get("note_on_count").asInt());
            for (Analysis.ChannelInstrument c : a.instruments().channels()) {
                assertThat(c.drums()).as(p + " channel " + c.channel()).isEqualTo(c.channel() == 9);
                if (c.drums()) {
                    assertThat(c.family()).isEqualTo("Drums");
                }
            }
            if (a.notes().count() > 0) {
                assertThat(a.noteFingerprint()).as(p).hasSize(32);
                assertThat(a.time().durationBars()).as(p).isPositive();
            }
            if (a.notes().pitchedCount() > 0) {
                assertThat(a.notes().scaleConsistency()).as(p).isBetween(0.0, 1.0);
            }
            long pitchClasses = java.util.Arrays.stream(a.key().pitchClassSeconds()).filter(s -> s > 0).count();
            if (pitchClasses >= 2) {
                assertThat(a.key().estimated()).as(p).isNotNull();
                assertThat(a.key().finalIndex()).as(p).isBetween(0, 23);
            } else {
                assertThat(a.key().estimated()).as(p + ": one pitch class has no key").isNull(); // e.g. a one-note test file
            }
            assertThat(a.harmony().chordCodes()).as(p).isSorted().doesNotHaveDuplicates();
            assertThat(a.harmony().progression().chords().size()).as(p).isLessThanOrEqualTo(Progression.CAP);
            assertThat(a.harmony().segments().size()).as(p).isLessThanOrEqualTo(HarmonyFacts.SEGMENT_CAP);
        }
        assertThat(mismatches).isEmpty();
        assertThat(differingDominant).containsExactly("real/liquidwar-data/colossus.mid");
    }

    private final List<String> differingDominant = new ArrayList<>();

    /**
     * analyze(bytes) parses into the parser's reused buffers; going through the corpus forwards and backwards (so big
     * files leave stale notes behind for small ones) it must give exactly what a parse into owned arrays gives.
     */
    @Test
    void transientParseAnalysesLikeOwnedParse() {
        List<Corpus.Entry> entries = new ArrayList<>(Corpus.entries());
        List<Corpus.Entry> both = new ArrayList<>(entries);
        java.util.Collections.reverse(entries);
        both.addAll(entries);
        MidiAnalyzer reusing = new MidiAnalyzer();
        for (Corpus.Entry e : both) {
            Analysis owned = analyzer.analyze(parser.parse(e.bytes(), e.bytes().length));
            Analysis lent = reusing.analyze(e.bytes(), e.bytes().length);
            assertThat(lent.key().pitchClassSeconds()).as(e.path()).containsExactly(owned.key().pitchClassSeconds());
            assertThat(lent).as(e.path()).usingRecursiveComparison()
                    .withComparatorForType(Double::compare, Double.class) // exact, and NaN equals NaN
                    .isEqualTo(owned);
        }
    }

    private static double tickWeightedDominant(MidiFile f) {
        io.midicrate.smf.TempoMap map = f.tempoMap();
        java.util.Map<Integer, Long> ticks = new java.util.HashMap<>();
        for (int i = 0; i < map.segments(); i++) {
            long end = i + 1 < map.segments() ? map.segmentTick(i + 1) : Math.max(f.lengthTicks(), map.segmentTick(i));
            ticks.merge(map.segmentUsPerQuarter(i), Math.max(0, Math.min(end, f.lengthTicks()) - map.segmentTick(i)), Long::sum);
        }
        int best = ticks.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        return 60_000_000.0 / best;
    }

    private static void close(List<String> out, String path, String what, double expected, double actual) {
        if (Math.abs(expected - actual) > 1e-3 * expected) {
            out.add(path + ": " + what + " mido=" + expected + " ours=" + actual);
        }
    }
}
