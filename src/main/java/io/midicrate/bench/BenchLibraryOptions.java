package io.midicrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.midicrate.common.OperatorException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The library and work folder of {@code bench} and {@code bench remote}: generated once, reused after. */
class BenchLibraryOptions {

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--work-dir", defaultValue = "bench-out", description = "Where the library and the database go (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--library", description = "Benchmark this existing library instead of generating one (see 'generate').")
    Path existingLibrary;

    /** A benchmark measures a fresh embedded database of its own, never the user's. */
    static void requireEmbeddedDatabase(String command) {
        if (externalDatabaseConfigured()) {
            throw new OperatorException(command + " runs on a fresh embedded database; unset SPRING_DATASOURCE_URL");
        }
    }

    /** Whether the process is pointed at the user's own PostgreSQL (environment or system property). */
    static boolean externalDatabaseConfigured() {
        return System.getenv("SPRING_DATASOURCE_URL") != null || System.getProperty("spring.datasource.url") != null;
    }

    /** The library to benchmark: {@code existingLibrary}, or one generated into {@code workDir} (kept for the next run). */
    Path library() throws IOException {
        CorpusGenerator.Options options = corpus.toOptions();
        Path library = existingLibrary != null ? existingLibrary.toAbsolutePath() : workDir.resolve(String.format(java.util.Locale.ROOT, "library-%d-seed%d-dup%s-bad%s-zip%s", options.files(),
                options.seed(), options.duplicateShare(), options.corruptShare(), options.zipShare())).toAbsolutePath();
        Path marker = library.resolve(".complete");
        if (existingLibrary != null) {
            if (!Files.isDirectory(library)) {
                throw new OperatorException("no such folder: " + existingLibrary);
            }
            System.out.println("benchmarking the library in " + library);
        } else if (!Files.exists(marker)) {
            deleteTree(library);
            long t = System.nanoTime();
            CorpusGenerator.Summary s = new CorpusGenerator().generate(library, options);
            Files.writeString(marker, s.toString());
            System.out.printf("generated %,d files (%,d distinct, %,d corrupt, %,d in zips), %.0f MB in %.1f s%n",
                    s.files(), s.distinctContents(), s.corrupt(), s.zipEntries(), s.totalBytes() / 1e6, (System.nanoTime() - t) / 1e9);
        } else {
            System.out.println("reusing the library in " + library);
        }
        return library;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
