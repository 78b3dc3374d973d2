package io.midicrate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.importjob.LibraryScanner;
import io.midicrate.importjob.ScanItem;
import io.midicrate.importjob.ScanLimits;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;

/**
 * The import's and the analysis's stages timed alone, without the database and Spring Batch: walking, reading,
 * hashing, parsing and analysing. Set beside the jobs' figures, they say what bounds each job.
 */
final class StageBench {

    private StageBench() {
    }

    private interface Work {
        /** Processes one file (already read into the reader); returns bytes handled. */
        long apply(LibraryFileReader reader, int length, ThreadState state);
    }

    /** Per-thread tools, as each partition of the jobs has its own. */
    private static final class ThreadState {
        final MidiAnalyzer analyzer = new MidiAnalyzer();
    }

    static List<String> run(Path library, int threads) throws Exception {
        ScanLimits limits = new ScanLimits(Set.of("mid", "midi", "kar", "rmi"), 16 << 20, false, 3, 200, 4L << 30,
                500_000, 256 << 20);
        long start = System.nanoTime();
        List<String> paths = new ArrayList<>();
        try (LibraryScanner scanner = new LibraryScanner(List.of(library), limits)) {
            scanner.forEachRemaining(item -> {
                if (item instanceof ScanItem.Candidate c) {
                    paths.add(c.path());
                }
            });
        }
        List<String> rows = new ArrayList<>();
        rows.add(row("walk (1 thread)", paths.size(), 0, (System.nanoTime() - start) / 1e9));
        rows.add(time("read", paths, threads, (reader, length, state) -> length));
        rows.add(time("read + BLAKE3", paths, threads, (reader, length, state) -> {
            reader.blake3();
            return length;
        }));
        // one path per distinct content, as the analysis job visits them
        List<String> distinct = distinctPaths(paths);
        rows.add(time("read + parse + analyse (distinct)", distinct, threads, (reader, length, state) -> {
            analyse(state, reader, length);
            return length;
        }));
        rows.add(time("read + BLAKE3 + parse + analyse (distinct)", distinct, threads, (reader, length, state) -> {
            reader.blake3();
            analyse(state, reader, length);
            return length;
        }));
        return rows;
    }

    private static void analyse(ThreadState state, LibraryFileReader reader, int length) {
        try {
            state.analyzer.analyze(reader.bytes(), length);
        } catch (RuntimeException e) {
            // corrupt files are part of a real library; the job records them
        }
    }

    /** The first path of each distinct content (one pass, single thread; the timing rows are the ones above). */
    private static List<String> distinctPaths(List<String> paths) {
        Set<String> seen = new java.util.HashSet<>();
        List<String> distinct = new ArrayList<>();
        try (LibraryFileReader reader = new LibraryFileReader(16 << 20, 256 << 20)) {
            for (String path : paths) {
                try {
                    reader.read(path);
                    if (seen.add(java.util.HexFormat.of().formatHex(reader.blake3()))) {
                        distinct.add(path);
                    }
                } catch (FileProblem e) {
                    // not part of the library's contents
                }
            }
        }
        return distinct;
    }

    private static String time(String name, List<String> paths, int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try {
            List<Future<?>> parts = new ArrayList<>();
            int slice = (paths.size() + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                List<String> mine = paths.subList(Math.min(paths.size(), t * slice), Math.min(paths.size(), (t + 1) * slice));
                parts.add(pool.submit(() -> {
                    ThreadState state = new ThreadState();
                    try (LibraryFileReader reader = new LibraryFileReader(16 << 20, 256 << 20)) {
                        for (String path : mine) {
                            try {
                                long n = work.apply(reader, reader.read(path), state);
                                if (n >= 0) {
                                    files.incrementAndGet();
                                    bytes.addAndGet(n);
                                }
                            } catch (FileProblem e) {
                                // counted out, as the job records it
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        return row(name + " (" + threads + " threads)", files.get(), bytes.get(), (System.nanoTime() - start) / 1e9);
    }

    /** The first column of every row of the bench's table (jobs and stages), wide enough for the longest name. */
    static final String NAME_COLUMN = "%-44s";

    private static String row(String name, long files, long bytes, double seconds) {
        return String.format(NAME_COLUMN + " %,10d %10.1f %,10.0f %10.1f %14s", name, files, seconds, files / seconds,
                bytes / 1e6 / seconds, "-");
    }
}
