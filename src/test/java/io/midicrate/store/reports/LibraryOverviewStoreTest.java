package io.midicrate.store.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.support.JobTest;
import io.midicrate.support.TestMidi;

/** The home page's overview agrees with the tables it counts, survives a round trip, and goes stale when a job ends. */
class LibraryOverviewStoreTest extends JobTest {
    @Autowired
    LibraryOverviewStore store;

    @Test
    void theOverviewCountsWhatTheTablesHold() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 12; i++) {
            TestMidi.write(lib.resolve("f" + i + ".mid"), TestMidi.smf(i, 60 + 15 * i)); // 60 to 225 BPM
        }
        Files.copy(lib.resolve("f0.mid"), lib.resolve("copy of f0.mid"));
        Files.copy(lib.resolve("f1.mid"), lib.resolve("another copy of f1.mid"));
        Files.write(lib.resolve("not midi.mid"), new byte[] {1, 2, 3, 4});
        importLibrary(lib);
        String beforeAnalysis = store.jobsMarker();
        analyze();
        assertThat(store.jobsMarker()).as("an ended job changes the marker").isNotEqualTo(beforeAnalysis);

        LibraryOverview overview = store.compute();
        LibraryOverview.Totals t = overview.totals();
        assertThat(t.paths()).isEqualTo(count("SELECT count(*) FROM location")).isEqualTo(14);
        assertThat(t.contents()).isEqualTo(12);
        assertThat(t.duplicatePaths()).isEqualTo(2);
        assertThat(t.wastedBytes()).isEqualTo(Files.size(lib.resolve("f0.mid")) + Files.size(lib.resolve("f1.mid")));
        assertThat(t.analysed()).isEqualTo(count("SELECT count(*) FROM content WHERE analysis_status = 'ok'")).isPositive();
        assertThat(Arrays.stream(overview.keys()).sum()).isEqualTo(count("SELECT count(*) FROM analysis WHERE key_index IS NOT NULL"));
        assertThat(sum(overview.tempo())).isEqualTo(count("SELECT count(*) FROM analysis WHERE bpm IS NOT NULL"));
        List<Integer> bands = overview.tempo().stream().map(LibraryOverview.Count::label)
                .map(label -> label.startsWith("<") ? 0 : Integer.parseInt(label.replace("+", ""))).toList();
        assertThat(bands).as("the chart's bands in tempo order").isSorted().doesNotHaveDuplicates()
                .startsWith(60, 65).endsWith(225).contains(100);
        assertThat(sum(overview.meters())).isEqualTo(count("SELECT count(*) FROM analysis"));
        assertThat(sum(overview.drums())).isEqualTo(count("SELECT count(*) FROM analysis"));
        assertThat(sum(overview.importedPerDay())).isEqualTo(14);
        assertThat(overview.failures()).extracting(LibraryOverview.Count::label).contains("NOT_MIDI");
        assertThat(overview.jobsMarker()).isEqualTo(store.jobsMarker());

        store.save(overview);
        LibraryOverview loaded = store.load();
        assertThat(loaded.totals()).isEqualTo(t);
        assertThat(loaded.keys()).isEqualTo(overview.keys());
        assertThat(loaded.tempo()).isEqualTo(overview.tempo());
        assertThat(loaded.families()).isEqualTo(overview.families());
        assertThat(loaded.jobsMarker()).isEqualTo(overview.jobsMarker());
    }

    static long sum(List<LibraryOverview.Count> counts) {
        return counts.stream().mapToLong(LibraryOverview.Count::count).sum();
    }
}
