package io.midicrate.config;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/** Every midicrate setting; defaults and documentation live in config/application.yml. */
@ConfigurationProperties("midicrate")
public record MidicrateProperties(Db db, @Name("import") Import importJob, @DefaultValue Analyze analyze,
                                  @DefaultValue Serve serve) {

    /**
     * The database, and how soon midicrate notices it has gone: a connection attempt (and a wait for a pooled
     * connection) gives up after {@code connectTimeout}; an idle-looking connection to a host that vanished is
     * probed by TCP keep-alive every {@code keepAlive} and dropped after three unanswered probes; a single read
     * that waits longer than {@code socketTimeout} (a server that hangs with the connection open) fails.
     */
    public record Db(Path dataDir, @DefaultValue("0") int port,
                     @DefaultValue("10s") java.time.Duration connectTimeout,
                     @DefaultValue("10s") java.time.Duration keepAlive,
                     @DefaultValue("5m") java.time.Duration socketTimeout,
                     @DefaultValue("auto") String sharedBuffers) {

        /**
         * The embedded server's page cache: "auto" is a quarter of this machine's memory (PostgreSQL's own advice for
         * a dedicated server), at least 128 MB and at most 4 GB; otherwise PostgreSQL's own notation ("1GB").
         */
        public String effectiveSharedBuffers() {
            if (!"auto".equalsIgnoreCase(sharedBuffers)) {
                // checked here: a value PostgreSQL refuses stops the server before it says why
                if (!sharedBuffers.matches("\\d+(kB|MB|GB|TB)?")) {
                    throw new io.midicrate.common.OperatorException("midicrate.db.shared-buffers: '" + sharedBuffers
                            + "' is not auto or a size such as 512MB or 2GB");
                }
                return sharedBuffers;
            }
            long physical = physicalMemoryBytes();
            long quarterMb = physical > 0 ? physical / 4 / (1024 * 1024) : 128;
            return Math.max(128, Math.min(4096, quarterMb)) + "MB";
        }

        private static long physicalMemoryBytes() {
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
            return 0;
        }
    }

    public record Import(
            @DefaultValue("500") int chunkSize,
            @DefaultValue("0") int gridSize,
            @DefaultValue("0") int threads,
            @DefaultValue("16MB") DataSize maxFileSize,
            @DefaultValue("false") boolean followSymlinks,
            @DefaultValue({"mid", "midi", "kar", "rmi"}) List<String> extensions,
            @DefaultValue Zip zip) {

        public int effectiveGridSize() {
            return orCores(gridSize);
        }

        public int effectiveThreads() {
            return orCores(threads);
        }
    }

    public record Analyze(
            @DefaultValue("200") int chunkSize,
            @DefaultValue("0") int gridSize,
            @DefaultValue("0") int threads) {

        public int effectiveGridSize() {
            return orCores(gridSize);
        }

        public int effectiveThreads() {
            return orCores(threads);
        }
    }

    /** 0 (the default) means one per CPU core. */
    static int orCores(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /**
     * {@code midicrate serve}: what to do with executions a dead process left STARTED, and how long a SIGTERM waits
     * for running steps to reach a chunk boundary and stop.
     */
    public record Serve(
            @DefaultValue("restart") OnStale onStale,
            @DefaultValue("5m") java.time.Duration stopTimeout) {
    }

    public enum OnStale { RESTART, ABANDON }

    public record Zip(
            @DefaultValue("3") int maxDepth,
            @DefaultValue("200") int maxRatio,
            @DefaultValue("4GB") DataSize maxArchiveSize,
            @DefaultValue("500000") int maxEntries,
            @DefaultValue("256MB") DataSize maxNestedSize) {
    }
}
