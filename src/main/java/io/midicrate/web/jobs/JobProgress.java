package io.midicrate.web.jobs;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * How far a run has got at one of its executions, as its page shows it.
 *
 * <p>The files are the run's, not the execution's: a restart runs only the partitions that had not completed, each
 * from where it stopped, so its own counts are a share of what remains. Each step that knows how many rows it works on
 * (a partition's context says) counts what it wrote in this execution and every earlier one of the run, against its
 * rows; a completed execution has done all of its run's files. The rate is this execution's own files over this
 * execution's own time, start to end (or to now while it runs), so it does not change once the execution has ended.
 *
 * @param done        files the run has done up to this execution
 * @param total       files the run works on
 * @param perSecond   files this execution did per second of its own duration
 * @param secondsLeft at that rate, the time the rest needs; null when not running or not known
 * @param percent     done of total
 * @param executions  how many executions of the run the counts add up (more than one after a restart)
 */
record JobProgress(long done, long total, double perSecond, Double secondsLeft, double percent, int executions) {

    /** The percentage to the nearest 5, naming the bar's width class (no inline style under the CSP). */
    public long bucket() {
        return Math.round(percent / 5) * 5;
    }

    /**
     * @param run every execution of the execution's job instance (those after it are left out)
     * @return null when no step tells how many files there are
     */
    static JobProgress of(JobExecution execution, List<JobExecution> run, LocalDateTime now) {
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> written = new HashMap<>();
        int executions = 0;
        for (JobExecution earlier : run.stream().filter(e -> e.getId() <= execution.getId())
                .sorted(Comparator.comparingLong(JobExecution::getId)).toList()) {
            executions++;
            for (StepExecution step : earlier.getStepExecutions()) {
                long stepRows = step.getExecutionContext().getLong("rows", -1L);
                if (stepRows >= 0) {
                    rows.put(step.getStepName(), stepRows); // the newest says it; a restart carries the context on
                    written.merge(step.getStepName(), files(step), Long::sum);
                }
            }
        }
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        long done = rows.entrySet().stream().mapToLong(r -> Math.min(r.getValue(), written.get(r.getKey()))).sum();
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            total = done;
        }
        long own = execution.getStepExecutions().stream()
                .filter(s -> s.getExecutionContext().getLong("rows", -1L) >= 0).mapToLong(JobProgress::files).sum();
        LocalDateTime start = execution.getStartTime();
        LocalDateTime end = execution.getEndTime() == null ? now : execution.getEndTime();
        double seconds = start == null ? 0 : Duration.between(start, end).toMillis() / 1000.0;
        double rate = seconds > 0 ? own / seconds : 0;
        Double left = execution.isRunning() && rate > 0 && done < total ? (total - done) / rate : null;
        double percent = total == 0 ? 100 : Math.min(100, 100.0 * done / total);
        return new JobProgress(done, total, rate, left, percent, executions);
    }

    /** Files a step has finished with: written, filtered out, or skipped as a failure of its own. */
    private static long files(StepExecution step) {
        return step.getWriteCount() + step.getFilterCount() + step.getWriteSkipCount();
    }
}
