package io.midicrate.analyzejob;

import java.util.List;

import io.midicrate.analysis.Analysis;
import io.midicrate.library.ErrorFamily;

/** What the analysis step makes of one content row. */
public sealed interface AnalysisOutcome {

    long contentId();

    /** @param bpm the tempo to search by (see {@link ContentAnalyzer#searchBpm}) */
    record Analyzed(long contentId, Analysis analysis, Double bpm, List<Tag> tags, String searchText)
            implements AnalysisOutcome {
    }

    record Failed(long contentId, String path, ErrorFamily family, String message) implements AnalysisOutcome {
    }

    /** A tag and why the file has it. */
    record Tag(String name, String category, String source) {
    }
}
