package io.midicrate.serve;

import java.nio.file.Path;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/**
 * One schedule from {@code jobs/*.yml}: import these roots when the cron fires (and, with {@code watch}, when files
 * arrive in them), then (optionally) analyse what is new.
 *
 * @param cron        when it fires; null for a schedule that only watches
 * @param watch       whether {@link FolderWatcher} imports its roots when files arrive in them
 * @param file        the file it came from, for messages
 * @param retryFailed whether the analysis that follows retries files whose analysis failed before
 */
public record Schedule(String name, CronExpression cron, List<Path> roots, boolean analyze, boolean retryFailed,
                       boolean watch, Path file) {

    public Schedule(String name, CronExpression cron, List<Path> roots, boolean analyze, boolean retryFailed, Path file) {
        this(name, cron, roots, analyze, retryFailed, false, file);
    }

    /** The advisory lock that keeps two runs of this schedule apart, across processes. */
    public String lockName() {
        return "schedule:" + name;
    }
}
