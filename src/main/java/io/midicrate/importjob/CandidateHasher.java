package io.midicrate.importjob;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

import io.midicrate.library.ErrorFamily;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.library.PathMap;
import io.midicrate.names.NameMetadataExtractor;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfHeader;

/**
 * Reads one candidate's bytes, hashes them with BLAKE3-256, checks the MIDI header and reads metadata from its
 * names. Every per-file problem becomes a {@link HashOutcome.Failed}; nothing a file holds can fail the step.
 * One instance per partition (step scope), so its buffer and open archives are never shared between threads.
 */
public class CandidateHasher implements ItemProcessor<ScanItem.Candidate, HashOutcome>, ItemStream {

    private final LibraryFileReader reader;
    private final NameMetadataExtractor names;

    public CandidateHasher(ScanLimits limits, NameMetadataExtractor names, PathMap pathMap) {
        this.reader = new LibraryFileReader(limits.maxFileSize(), limits.zipMaxNestedSize(), pathMap);
        this.names = names;
    }

    @Override
    public HashOutcome process(ScanItem.Candidate candidate) {
        String path = candidate.path();
        int length;
        try {
            length = reader.read(path);
        } catch (FileProblem e) {
            return new HashOutcome.Failed(path, e.family(), e.getMessage());
        }
        byte[] bytes = reader.bytes();
        SmfHeader header;
        try {
            header = SmfHeader.read(bytes, length);
        } catch (SmfException e) {
            return new HashOutcome.Failed(path, ErrorFamily.valueOf(e.family().name()), e.getMessage());
        }
        byte[] hash = reader.blake3();
        return new HashOutcome.Imported(path, length, candidate.mtime(), hash, header, names.extract(path));
    }

    @Override
    public void open(ExecutionContext executionContext) {
    }

    @Override
    public void close() {
        reader.close();
    }
}
