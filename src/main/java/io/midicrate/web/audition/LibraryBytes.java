package io.midicrate.web.audition;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.store.library.ExportSources;
import io.midicrate.store.library.ExportSources.Source;

/**
 * A content's facts (key, tempo, live paths) and its bytes, read through the first path that still holds them and
 * checked against the stored BLAKE3, as {@code export} reads them.
 */
@Component
class LibraryBytes {

    private final ExportSources sources;
    private final long maxFileSize;
    private final long maxNestedSize;

    LibraryBytes(ExportSources sources, MidicrateProperties properties) {
        this.sources = sources;
        this.maxFileSize = properties.importJob().maxFileSize().toBytes();
        this.maxNestedSize = properties.importJob().zip().maxNestedSize().toBytes();
    }

    Optional<Source> source(long contentId) {
        return sources.find(new long[] {contentId}).stream().findFirst();
    }

    /** The bytes, and the path they were read from. */
    record Read(String path, byte[] bytes) {
    }

    Read read(Source source) throws FileProblem {
        if (source.paths().isEmpty()) {
            throw new FileProblem(io.midicrate.library.ErrorFamily.VANISHED, "no path of the library holds it now");
        }
        try (LibraryFileReader reader = new LibraryFileReader(maxFileSize, maxNestedSize)) {
            String path = reader.readContent(source.paths(), source.blake3());
            return new Read(path, Arrays.copyOf(reader.bytes(), reader.length()));
        }
    }
}
