package io.midicrate.smf;

import static org.assertj.core.api.Assertions.assertThat;

import io.midicrate.corpus.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;

/** Every corpus file parses, and agrees with mido's facts in reference.json. */
class SmfParserCorpusTest {

    private final SmfParser parser = new SmfParser();

    @Test
    void everyCorpusFileParsesAndAgreesWithMido() {
        List<String> mismatches = new ArrayList<>();
        int files = 0;
        for (Corpus.Entry e : Corpus.entries()) {
            files++;
            JsonNode ref = e.reference();
            MidiFile f = parser.parse(e.bytes(), e.bytes().length);
            String p = e.path();
            // mido's stats come from clip=True for the five songwrite files with velocities above 127
            boolean clipped = "clip".equals(ref.get("stats_from").asText());
            check(mismatches, p, "format", ref.get("smf_format").asInt(), f.format());
            check(mismatches, p, "tracks", ref.get("ntracks").asInt(), f.tracks().size());
            check(mismatches, p, "ticks_per_beat", ref.get("ticks_per_beat").asInt(), f.division());
            check(mismatches, p, "note_on_count", ref.get("note_on_count").asInt(), f.notes().count());
            check(mismatches, p, "tempo_count", ref.get("tempo_count").asInt(), f.tempoMap().declaredCount());
            check(mismatches, p, "unterminated_notes", ref.get("unterminated_notes").asInt(), f.unterminatedNotes());
            List<String> sigs = new ArrayList<>();
            for (TimeSignature t : f.timeSignatures()) {
                sigs.add(t.tick() + " " + t.label());
            }
            List<String> refSigs = new ArrayList<>();
            for (JsonNode t : ref.get("time_signatures")) {
                refSigs.add(t.get(0).asLong() + " " + t.get(1).asText());
            }
            check(mismatches, p, "time_signatures", refSigs, sigs);
            double refDuration = ref.get("duration_s").asDouble();
            if (Math.abs(refDuration - f.durationSeconds()) > 1e-3 * Math.max(1, refDuration)) {
                mismatches.add(p + ": duration_s mido=" + refDuration + " ours=" + f.durationSeconds());
            }
            if (clipped) {
                assertThat(f.hasWarning(SmfWarning.DATA_BYTE_OUT_OF_RANGE)).as(p).isTrue();
            } else {
                assertThat(f.hasWarning(SmfWarning.DATA_BYTE_OUT_OF_RANGE)).as(p).isFalse();
            }
        }
        assertThat(files).isEqualTo(158);
        assertThat(mismatches).isEmpty();
    }

    private static void check(List<String> out, String path, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            out.add(path + ": " + what + " mido=" + expected + " ours=" + actual);
        }
    }
}
