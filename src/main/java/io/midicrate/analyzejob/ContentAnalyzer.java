package io.midicrate.analyzejob;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

import io.midicrate.analysis.Analysis;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.library.ErrorFamily;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.library.PathMap;
import io.midicrate.smf.SmfException;
import io.midicrate.analysis.Tagger;
import io.midicrate.analysis.SearchText;

/**
 * Finds a content's bytes through its locations (the first one that still holds the same BLAKE3 wins), analyses
 * them and derives tags and search text. Nothing a file holds can fail the step: every problem becomes a
 * {@link AnalysisOutcome.Failed}. One instance per partition, so the analyzer's FFT plans and buffers and the
 * reader's buffer are reused and never shared between threads.
 */
public class ContentAnalyzer implements ItemProcessor<PendingContent, AnalysisOutcome>, ItemStream {

    private final LibraryFileReader reader;
    private final MidiAnalyzer analyzer = new MidiAnalyzer();

    public ContentAnalyzer(long maxFileSize, long maxNestedSize, PathMap pathMap) {
        this.reader = new LibraryFileReader(maxFileSize, maxNestedSize, pathMap);
    }

    /** Reads with the import's size bounds (what could be imported can be analysed), through this machine's path map. */
    public static ContentAnalyzer withLimits(io.midicrate.config.MidicrateProperties.Import limits, PathMap pathMap) {
        return new ContentAnalyzer(limits.maxFileSize().toBytes(), limits.zip().maxNestedSize().toBytes(), pathMap);
    }

    @Override
    public AnalysisOutcome process(PendingContent content) {
        if (content.paths().isEmpty()) {
            return content.failed(ErrorFamily.CONTENT_MISSING, "the library holds no location for this content");
        }
        try {
            String path = reader.readContent(content.paths(), content.blake3());
            return analyze(content, path, reader.length());
        } catch (FileProblem e) {
            return content.failed(e.family(), e.getMessage());
        }
    }

    private AnalysisOutcome analyze(PendingContent content, String path, int length) {
        Analysis analysis;
        try {
            analysis = analyzer.analyze(reader.bytes(), length);
        } catch (SmfException e) {
            return new AnalysisOutcome.Failed(content.id(), path, ErrorFamily.valueOf(e.family().name()), e.getMessage());
        } catch (RuntimeException e) {
            // a bug in the analysis core must cost one file, not the run; the family says so
            return new AnalysisOutcome.Failed(content.id(), path, ErrorFamily.ANALYSIS_FAILED, FileProblem.describe(e));
        }
        Double bpm = searchBpm(analysis.tempo());
        return new AnalysisOutcome.Analyzed(content.id(), path, analysis, bpm, Tagger.tags(content.nameGenres(), content.nameRoles(), analysis, bpm),
                SearchText.of(content.paths(), analysis));
    }

    /**
     * The one tempo a search uses: the declared tempo in force longest; for a file that declares none (and so plays
     * at the 120 default), the onset estimate when it is confident that 120 is wrong; else 120.
     */
    static Double searchBpm(Analysis.TempoFacts tempo) {
        if (tempo.declared()) {
            return finite(tempo.dominantBpm());
        }
        if (tempo.defaultTempoDisagrees() && Double.isFinite(tempo.estimatedBpm())) {
            return tempo.estimatedBpm();
        }
        return 120.0;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public void close() {
        reader.close();
    }
}
