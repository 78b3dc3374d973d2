package io.midicrate.batch;

import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts and restarts midicrate's jobs in this process. Restart takes any execution that did not complete: a
 * FAILED or STOPPED one directly, and one left STARTED by a dead process after marking it FAILED first (the
 * job repository cannot tell a crash from a run, {@link ExecutionLiveness} can).
 */
@Component
public class JobRunner {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ExecutionLiveness liveness;
    private final JdbcTemplate jdbc;
    private final List<Job> jobs;
    private final JobLocks locks;

    /** Jobs that write analysis results: at most one of them runs at a time. */
    static final java.util.Set<String> EXCLUSIVE_JOBS = new java.util.LinkedHashSet<>(List.of("analyze", "reprocess"));

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, ExecutionLiveness liveness,
                     JdbcTemplate jdbc, List<Job> jobs, JobLocks locks) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.liveness = liveness;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.locks = locks;
    }

    public JobExecution start(Job job, JobParameters parameters) throws Exception {
        try (JobLocks.Held lock = exclusiveLock(job.getName())) {
            return jobOperator.start(job, parameters);
        }
    }

    /**
     * Jobs that write analysis results run one at a time across every process on the database: a second one is
     * refused rather than left to race the first over the same rows. Imports may run side by side (their writes
     * are idempotent upserts keyed by hash and path).
     */
    private JobLocks.Held exclusiveLock(String jobName) {
        if (!EXCLUSIVE_JOBS.contains(jobName)) {
            return () -> { };
        }
        JobLocks.Held lock = locks.tryLock("analysis-writers");
        if (lock == null) {
            throw new OperatorException("another " + String.join(" or ", EXCLUSIVE_JOBS)
                    + " run is in progress on this database; wait for it, or see 'midicrate jobs'");
        }
        return lock;
    }

    /** The newest execution of any job, or null when there is none. */
    public Long lastExecutionId() {
        List<Long> ids = jdbc.queryForList("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The execution, or null when there is none with this id. */
    public JobExecution find(long executionId) {
        try {
            return jobRepository.getJobExecution(executionId);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            return null;
        }
    }

    /**
     * Restarts the execution, recovering it first if its process died.
     *
     * @throws OperatorException when it is running, completed, or abandoned: nothing a restart could do
     */
    public JobExecution restart(JobExecution execution) throws Exception {
        long id = execution.getId();
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            throw new OperatorException("execution " + id + " (" + execution.getJobInstance().getJobName()
                    + ") completed; there is nothing to restart");
        }
        if (status == BatchStatus.ABANDONED) {
            throw new OperatorException("execution " + id + " was abandoned and cannot be restarted");
        }
        if (status.isRunning()) {
            if (liveness.isRunning(id)) {
                throw new OperatorException("execution " + id + " is still running in another process");
            }
            execution = jobOperator.recover(execution);
        }
        // A later execution of the same instance may exist already (restarted before): restart the newest.
        JobExecution newest = jobRepository.getLastJobExecution(execution.getJobInstance());
        if (newest != null && newest.getId() != id) {
            if (newest.getStatus() == BatchStatus.COMPLETED) {
                throw new OperatorException("execution " + id + " was already restarted as " + newest.getId()
                        + ", which completed");
            }
            return restart(newest);
        }
        jobFor(execution.getJobInstance().getJobName());
        try (JobLocks.Held lock = exclusiveLock(execution.getJobInstance().getJobName())) {
            return jobOperator.restart(execution);
        }
    }

    private Job jobFor(String name) {
        return jobs.stream().filter(j -> j.getName().equals(name)).findFirst()
                .orElseThrow(() -> new OperatorException("no job named " + name + " in this version of midicrate"));
    }
}
