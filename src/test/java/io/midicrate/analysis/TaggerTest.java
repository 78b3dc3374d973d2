package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TaggerTest {

    static Analysis analyse(String corpusFile) throws Exception {
        byte[] bytes = Files.readAllBytes(io.midicrate.corpus.Corpus.dir().resolve("real").resolve(corpusFile));
        return new MidiAnalyzer().analyze(bytes, bytes.length);
    }

    @Test
    void aTagHasOneCategoryWhicheverSourceMakesIt() throws Exception {
        Analysis withDrums = analyse("mma/mma/lib/pflib/8beat1.mid");
        assertThat(withDrums.instruments().hasDrums()).isTrue();
        // "drums" and "piano" come from the names here and from the content too
        // "/lib/Drums/piano.mid": roles read from its names
        var fromNames = Tagger.tags(List.of(), List.of("drums", "piano"), withDrums, 120.0);
        var fromContent = Tagger.tags(List.of(), List.of(), withDrums, 120.0);
        for (var tag : fromNames) {
            fromContent.stream().filter(t -> t.name().equals(tag.name()))
                    .forEach(t -> assertThat(t.category()).as(tag.name()).isEqualTo(tag.category()));
        }
        assertThat(fromContent).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("drums");
            assertThat(t.category()).isEqualTo("role");
        });
        assertThat(fromNames).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("piano");
            assertThat(t.category()).isEqualTo("instrument");
            assertThat(t.source()).isEqualTo("name");
        });
    }

    @Test
    void aTagNamingAContentFlagComesFromTheNotesAlone() throws Exception {
        Analysis noDrums = null;
        for (io.midicrate.corpus.Corpus.Entry e : io.midicrate.corpus.Corpus.entries()) {
            Analysis a = new MidiAnalyzer().analyze(e.bytes(), e.bytes().length);
            if (!a.instruments().hasDrums() && a.notes().count() > 0) {
                noDrums = a;
                break;
            }
        }
        assertThat(noDrums).as("a corpus file without drums").isNotNull();
        // "808 Keys.mid": the names say drums, the notes do not: no drums tag, so tag:drums agrees with drums:yes
        assertThat(Tagger.tags(List.of(), List.of("drums"), noDrums, 120.0)).noneMatch(t -> t.name().startsWith("drums"));
        Analysis withDrums = analyse("mma/mma/lib/pflib/8beat1.mid");
        assertThat(Tagger.tags(List.of(), List.of("drums", "drums-only"), withDrums, 120.0))
                .filteredOn(t -> t.name().startsWith("drums")).extracting(Tag::name, Tag::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("drums", "content"));
    }

    @Test
    void tempoBandsAreTwentyBeatsWide() {
        assertThat(Tagger.bpmBand(59.9)).isEqualTo("bpm-under-60");
        assertThat(Tagger.bpmBand(60)).isEqualTo("bpm-60-79");
        assertThat(Tagger.bpmBand(128)).isEqualTo("bpm-120-139");
        assertThat(Tagger.bpmBand(200)).isEqualTo("bpm-200-plus");
        assertThat(Tagger.normalise("C# minor")).isEqualTo("c-sharp-minor");
    }

    @Test
    void tempoBandsSortByTempoNotAsText() {
        List<String> bands = new ArrayList<>(List.of("bpm-200-plus", "bpm-100-119", "bpm-60-79", "bpm-under-60",
                "bpm-180-199", "bpm-80-99"));
        bands.sort(Tagger.BY_TEMPO);
        assertThat(bands).containsExactly("bpm-under-60", "bpm-60-79", "bpm-80-99", "bpm-100-119", "bpm-180-199",
                "bpm-200-plus");
    }
}
