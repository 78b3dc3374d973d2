package io.midicrate.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Tells a running execution from one left STARTED by a dead process. While a job runs, its process holds a lock
 * named after the execution ({@link JobLocks}: a PostgreSQL session advisory lock); the server drops it when that
 * process dies, however it dies. So "lock is free" means "nobody is running it", across processes.
 */
@Component
public class ExecutionLiveness implements JobExecutionListener {

    private final JobLocks locks;
    private final Map<Long, JobLocks.Held> held = new ConcurrentHashMap<>();
    /** The execution the calling thread launched last: known even when the launch ends in an exception. */
    private final ThreadLocal<Long> launched = new ThreadLocal<>();

    public ExecutionLiveness(JobLocks locks) {
        this.locks = locks;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        JobLocks.Held lock = locks.tryLock(lockName(execution.getId()));
        if (lock == null) {
            // a fresh or just-recovered execution id that someone else holds: never expected, so fail loudly
            throw new IllegalStateException("execution " + execution.getId() + " is already running elsewhere");
        }
        held.put(execution.getId(), lock);
        launched.set(execution.getId());
    }

    @Override
    public void afterJob(JobExecution execution) {
        release(execution.getId());
    }

    /**
     * Lets go of the execution's lock. Normally afterJob does; when the job repository itself failed (the database
     * went away), afterJob may never run, and without this the execution would look alive in this process forever.
     */
    public void release(long executionId) {
        JobLocks.Held lock = held.remove(executionId);
        if (lock != null) {
            lock.close();
        }
    }

    /** Forgets which execution this thread launched: call before a launch. */
    void clearLaunched() {
        launched.remove();
    }

    /** The execution this thread launched since {@link #clearLaunched()}, or null when none got that far. */
    Long launched() {
        return launched.get();
    }

    /** The executions this process is running now. */
    public java.util.Set<Long> runningHere() {
        return java.util.Set.copyOf(held.keySet());
    }

    /** Whether some live process is running this execution now. */
    public boolean isRunning(long executionId) {
        return held.containsKey(executionId) || locks.isHeld(lockName(executionId));
    }

    private static String lockName(long executionId) {
        return "execution:" + executionId;
    }
}
