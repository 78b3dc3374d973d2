package io.midicrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.export.Exporter;
import io.midicrate.smf.SmfSplitter;

/** The line an export ends with says files, and with --split the parts they became. */
class ExportCommandTest {

    @Test
    void aSplitExportCountsFilesAndParts() {
        Exporter.Summary split = new Exporter.Summary(16, 427, 420, 2_000_000, 7, 1, List.of(), Path.of("l.csv"), null);
        assertThat(ExportCommand.summaryLine(split, SmfSplitter.By.TRACKS, 2))
                .isEqualTo("exported 16 files as 427 track parts: 420 written (2.0 MB), 7 already there, 1 file failed; 8 files/s");
        assertThat(ExportCommand.summaryLine(split, SmfSplitter.By.CHANNELS, 2)).startsWith("exported 16 files as 427 channel parts: ");
        Exporter.Summary whole = new Exporter.Summary(16, 0, 16, 1000, 0, 0, List.of(), Path.of("l.csv"), null);
        assertThat(ExportCommand.summaryLine(whole, null, 1))
                .isEqualTo("exported 16 files: 16 written (1.0 KB), 0 already there, 0 failed; 16 files/s");
    }
}
