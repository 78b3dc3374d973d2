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
    }

    @Override
    public void afterJob(JobExecution execution) {
        JobLocks.Held lock = held.remove(execution.getId());
        if (lock != null) {
            lock.close();
        }
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
