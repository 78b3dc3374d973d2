package io.midicrate.analyzejob;

import java.util.List;

import io.midicrate.analysis.Analysis;
import io.midicrate.analysis.Tag;
import io.midicrate.library.ErrorFamily;

/** What the analysis step makes of one content row. */
public sealed interface AnalysisOutcome {

    long contentId();

    /** The path the bytes were read from (or the first one tried). */
    String path();

    /** The outcome that records a failure for this content instead (as a skipped write does). */
    default Failed failed(ErrorFamily family, String message) {
        return new Failed(contentId(), path(), family, message);
    }

    /** @param bpm the tempo to search by (see {@link ContentAnalyzer#searchBpm}) */
    /** How the analyze and reprocess steps record a content whose rows the database rejected. */
    static io.midicrate.batch.FileFaultTolerance.Failures<PendingContent, AnalysisOutcome> failures() {
        return new io.midicrate.batch.FileFaultTolerance.Failures<>() {
            @Override
            public AnalysisOutcome ofInput(PendingContent item, ErrorFamily family, String message) {
                return item.failed(family, message);
            }

            @Override
            public AnalysisOutcome ofOutput(AnalysisOutcome item, ErrorFamily family, String message) {
                return item.failed(family, message);
            }
        };
    }

    record Analyzed(long contentId, String path, Analysis analysis, Double bpm, List<Tag> tags, String searchText)
            implements AnalysisOutcome {
    }

    record Failed(long contentId, String path, ErrorFamily family, String message) implements AnalysisOutcome {
    }
}
