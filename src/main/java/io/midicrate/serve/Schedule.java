package io.midicrate.serve;

import java.nio.file.Path;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/**
 * One schedule from {@code jobs/*.yml}: import these roots when the cron fires, then (optionally) analyse what is new.
 *
 * @param file        the file it came from, for messages
 * @param retryFailed whether the analysis that follows retries files whose analysis failed before
 */
public record Schedule(String name, CronExpression cron, List<Path> roots, boolean analyze, boolean retryFailed,
                       Path file) {

    /** The advisory lock that keeps two runs of this schedule apart, across processes. */
    public String lockName() {
        return "schedule:" + name;
    }
}
