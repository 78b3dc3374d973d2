package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.midicrate.corpus.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the accuracy report on the corpus; the default profile must be the best measured, with floors as observed. */
class AccuracyReportTest {

    @Test
    void defaultProfileIsTheBestMeasuredAndAccuracyHoldsItsFloors() throws Exception {
        AccuracyReport.Result r = AccuracyReport.run(Corpus.dir());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccuracyReport.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8));

        assertThat(r.keyFiles()).isEqualTo(20);
        AccuracyReport.ProfileScore chosen = r.profiles().stream()
                .filter(p -> p.profile() == MidiAnalyzer.DEFAULT_PROFILE).findFirst().orElseThrow();
        assertThat(chosen.mirex()).isEqualTo(r.best().mirex());
        assertThat(chosen.exact()).isEqualTo(r.profiles().stream().mapToInt(AccuracyReport.ProfileScore::exact).max().orElseThrow());
        // floors at the values observed when the default was chosen (17/20 exact, MIREX 0.89; final rule 18/20)
        assertThat(chosen.exactRate()).isGreaterThanOrEqualTo(0.85);
        assertThat(chosen.mirexRate()).isGreaterThanOrEqualTo(0.89);
        assertThat(r.finalExact()).isGreaterThanOrEqualTo(18);
        // onset tempo: 30/44 Accuracy1 and 41/44 Accuracy2 against the annotations; 75%/90% against declared tempi
        assertThat(r.bpmFiles()).isEqualTo(44);
        assertThat(r.estimateAcc1()).isGreaterThanOrEqualTo(30);
        assertThat(r.estimateAcc2()).isGreaterThanOrEqualTo(41);
        assertThat((double) r.corpusTempoAcc2() / r.corpusTempoFiles()).isGreaterThanOrEqualTo(0.89);
    }
}
