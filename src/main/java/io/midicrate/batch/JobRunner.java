package io.midicrate.batch;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

import io.midicrate.db.DatabaseAddress;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.common.OperatorException;

/**
 * Starts and restarts midicrate's jobs in this process, and cleans up after any fault, so that nothing ever has to
 * be mended by hand in Spring Batch's tables:
 * <ul>
 * <li>restart takes any execution that did not complete: FAILED or STOPPED directly; STARTED (a process that died)
 * or UNKNOWN (the job repository could not record how a chunk ended, e.g. the database went away) after marking it
 * FAILED, once {@link ExecutionLiveness} shows no live process holds it;</li>
 * <li>every start first recovers the executions dead processes left behind (marks them FAILED), and a new import
 * finishes a dead import first, which also empties its staging rows;</li>
 * <li>a job that ends on a lost database connection ends with one line ({@link JobFailedException}) naming the
 * database and the restart; any other failure is stored and shown as one line, family and message.</li>
 * </ul>
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ExecutionLiveness liveness;
    private final JobExecutions executions;
    private final List<Job> jobs;
    private final JobLocks locks;
    private final DatabaseAddress database;
    private final GracefulStop gracefulStop;

    /**
     * Jobs that must not run side by side, by lock: analysis writers race over the same rows, and two imports
     * would each count the other's files (new contents, duplicates) and record every unreadable file twice.
     */
    static final Map<String, String> EXCLUSIVE_JOBS = Map.of(
            "analyze", "analysis-writers", "reprocess", "analysis-writers", "import", "imports");

    /** Execution statuses that mean "not finished": a live run, or one a dead process or a fault left behind. */
    public static final List<String> UNFINISHED = List.of("STARTING", "STARTED", "STOPPING", "UNKNOWN");

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, ExecutionLiveness liveness,
                     JobExecutions executions, List<Job> jobs, JobLocks locks, DatabaseAddress database,
                     GracefulStop gracefulStop) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.liveness = liveness;
        this.executions = executions;
        this.jobs = jobs;
        this.locks = locks;
        this.database = database;
        this.gracefulStop = gracefulStop;
    }

    public JobExecution start(Job job, JobParameters parameters) throws Exception {
        return start(job, parameters, notice -> { });
    }

    /**
     * Starts a new run of the job, after recovering what dead processes left behind; {@code notices} hears, one line
     * each, what was recovered.
     */
    public JobExecution start(Job job, JobParameters parameters, Consumer<String> notices) throws Exception {
        try (JobLocks.Held lock = exclusiveLock(job.getName())) {
            recoverDead(job.getName(), notices);
            return launch(() -> jobOperator.start(job, parameters));
        }
    }

    /** Whether a run of this job (or of one it excludes) holds their lock now, in any process on this database. */
    public boolean isRunning(String jobName) {
        String lockName = EXCLUSIVE_JOBS.get(jobName);
        return lockName != null && locks.isHeld(lockName);
    }

    private JobLocks.Held exclusiveLock(String jobName) {
        String lockName = EXCLUSIVE_JOBS.get(jobName);
        if (lockName == null) {
            return () -> { };
        }
        JobLocks.Held lock = locks.tryLock(lockName);
        if (lock == null) {
            String what = "import".equals(jobName) ? "another import" : "another analyze or reprocess run";
            throw new OperatorException(what + " is in progress on this database; wait for it, or see 'midicrate jobs'");
        }
        return lock;
    }

    /** The newest execution of any job, or null when there is none. */
    public Long lastExecutionId() {
        return executions.lastExecutionId();
    }

    /** The execution, or null when there is no such execution. */
    public JobExecution find(long executionId) {
        try {
            return jobRepository.getJobExecution(executionId);
        } catch (EmptyResultDataAccessException e) {
            return null;
        }
    }

    /** Every execution of the execution's run (its job instance), oldest first: the first, then its restarts. */
    public List<JobExecution> executionsOfRun(JobExecution execution) {
        List<JobExecution> run = new ArrayList<>(jobRepository.getJobExecutions(execution.getJobInstance()));
        run.sort(java.util.Comparator.comparingLong(JobExecution::getId));
        return run;
    }

    /** Executions recorded as unfinished that no live process runs: left by a process that died, or by a fault. */
    public List<JobExecution> deadExecutions() {
        List<Long> ids = executions.withStatus(UNFINISHED);
        List<JobExecution> dead = new ArrayList<>();
        for (long id : ids) {
            if (!liveness.isRunning(id)) {
                JobExecution execution = find(id);
                if (execution != null) {
                    dead.add(execution);
                }
            }
        }
        return dead;
    }

    /**
     * Marks every dead execution FAILED (restartable). Starting an import, a dead import is also finished first:
     * its files are then all in, its staging rows emptied by its own last step, and the new import finds them
     * unchanged. A dead import that fails again is left FAILED for {@code restart}, and the new import goes on.
     */
    private void recoverDead(String startingJob, Consumer<String> notices) throws Exception {
        for (JobExecution dead : deadExecutions()) {
            String job = dead.getJobInstance().getJobName();
            BatchStatus was = dead.getStatus();
            JobExecution failed = recover(dead);
            log.warn("Execution {} ({}) was left {} by a process that died or lost the database: marked FAILED",
                    dead.getId(), job, was);
            if (!"import".equals(startingJob) || !"import".equals(job)) {
                notices.accept("recovered " + job + " execution " + dead.getId() + ", left " + was
                        + " by a process that died: it is FAILED now; continue it with 'midicrate restart " + dead.getId() + "'");
                continue;
            }
            notices.accept("import execution " + dead.getId() + " was left " + was
                    + " by a process that died: finishing it first");
            try {
                JobExecution finished = restartNewest(failed);
                notices.accept("import execution " + dead.getId() + " finished as execution " + finished.getId()
                        + ": " + finished.getStatus());
            } catch (JobFailedException | OperatorException e) {
                notices.accept("import execution " + dead.getId() + " could not be finished (" + e.getMessage()
                        + "); it stays FAILED for 'midicrate restart " + dead.getId() + "'");
                if (e instanceof JobFailedException && e.getMessage().contains("lost the connection")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Restarts the execution, recovering it first if its process died or a fault left it UNKNOWN.
     *
     * @throws OperatorException when it is running, completed, or abandoned: nothing a restart could do
     */
    public JobExecution restart(JobExecution execution) throws Exception {
        String jobName = execution.getJobInstance().getJobName();
        try (JobLocks.Held lock = exclusiveLock(jobName)) {
            return restartNewest(execution);
        }
    }

    private JobExecution restartNewest(JobExecution execution) throws Exception {
        long id = execution.getId();
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            throw new OperatorException("execution " + id + " (" + execution.getJobInstance().getJobName()
                    + ") completed; there is nothing to restart");
        }
        if (status == BatchStatus.ABANDONED) {
            throw new OperatorException("execution " + id + " was abandoned and cannot be restarted");
        }
        if (liveness.isRunning(id)) {
            throw new OperatorException("execution " + id + " is still running in another process");
        }
        execution = recover(execution);
        // A later execution of the same instance may exist already (restarted before): restart the newest.
        JobExecution newest = jobRepository.getLastJobExecution(execution.getJobInstance());
        if (newest != null && newest.getId() != id) {
            if (newest.getStatus() == BatchStatus.COMPLETED) {
                throw new OperatorException("execution " + id + " was already restarted as " + newest.getId()
                        + ", which completed");
            }
            return restartNewest(newest);
        }
        jobFor(execution.getJobInstance().getJobName());
        JobExecution toRestart = execution;
        return launch(() -> jobOperator.restart(toRestart));
    }

    /** Marks a dead execution (see {@link #deadExecutions()}) FAILED, so that it can be restarted or abandoned. */
    public JobExecution recover(JobExecution dead) {
        return markFailed(dead, "left " + dead.getStatus() + " by a process that died or lost the database");
    }

    /**
     * Sets an execution that no process runs, and its steps, to FAILED where they are still recorded as running or
     * UNKNOWN, so that Spring Batch restarts it (it refuses both). Safe for UNKNOWN: a chunk's rows and its step's
     * checkpoint commit in one transaction, and every write is idempotent, so a chunk in doubt is simply redone.
     */
    JobExecution markFailed(JobExecution execution, String why) {
        LocalDateTime now = LocalDateTime.now();
        boolean changed = false;
        for (StepExecution step : execution.getStepExecutions()) {
            if (unfinished(step.getStatus())) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
                if (step.getEndTime() == null) {
                    step.setEndTime(now);
                }
                jobRepository.update(step);
                changed = true;
            }
        }
        if (unfinished(execution.getStatus())) {
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
            if (execution.getEndTime() == null) {
                execution.setEndTime(now);
            }
            jobRepository.update(execution);
            changed = true;
        }
        return changed ? find(execution.getId()) : execution;
    }

    private static boolean unfinished(BatchStatus status) {
        return status.isRunning() || status == BatchStatus.UNKNOWN;
    }

    /**
     * Runs a start or restart in this thread and settles how it ended: a lost database becomes one line (and the
     * execution FAILED, if the database is back to record it); any other failure is stored as one line, family and
     * message, in place of Spring Batch's stack trace.
     */
    private JobExecution launch(Callable<JobExecution> launch) throws Exception {
        liveness.clearLaunched();
        JobExecution execution;
        try {
            execution = launch.call();
        } catch (Exception e) {
            Long id = liveness.launched();
            if (id != null) {
                liveness.release(id);
            }
            if (JobFailure.isConnectionLoss(e)) {
                log.error("Execution {} lost the database", id, e);
                settleQuietly(id, JobFailure.of(e, database.hostAndPort()));
                throw databaseLost(id);
            }
            throw e;
        }
        liveness.release(execution.getId());
        BatchStatus status = execution.getStatus();
        if (status != BatchStatus.COMPLETED && gracefulStop.stopping()) {
            // SIGTERM: the database closes as this process exits, so no report is read from it; one line says it all
            throw new JobFailedException(execution.getJobInstance().getJobName() + " execution " + execution.getId()
                    + " stopped by SIGTERM at a chunk boundary; continue it with `midicrate restart " + execution.getId() + "`");
        }
        if (status == BatchStatus.COMPLETED || status == BatchStatus.STOPPED) {
            return execution;
        }
        JobFailure failure = JobFailure.of(firstFailure(execution), database.hostAndPort());
        settleQuietly(execution.getId(), failure);
        if (JobFailure.DATABASE_UNAVAILABLE.equals(failure.family())) {
            throw databaseLost(execution.getId());
        }
        JobExecution settled = find(execution.getId());
        return settled == null ? execution : settled;
    }

    private JobFailedException databaseLost(Long executionId) {
        String address = database.hostAndPort();
        if (executionId == null) {
            return new JobFailedException("lost the connection to PostgreSQL at " + address
                    + " before the job started; start it and run the command again");
        }
        return new JobFailedException("lost the connection to PostgreSQL at " + address
                + "; start it and run `midicrate restart " + executionId + "`");
    }

    /**
     * Records a failed execution as FAILED with a one-line exit message on it and its failed steps. The database may
     * still be gone: then this gives up after one connection timeout, and the next start or restart recovers it.
     */
    private void settleQuietly(Long executionId, JobFailure failure) {
        if (executionId == null) {
            return;
        }
        try {
            JobExecution stored = find(executionId);
            if (stored == null) {
                return;
            }
            markFailed(stored, failure.oneLine());
            stored = find(executionId);
            for (StepExecution step : stored.getStepExecutions()) {
                if (step.getStatus() == BatchStatus.FAILED && !failure.oneLine().equals(step.getExitStatus().getExitDescription())) {
                    step.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), failure.oneLine()));
                    jobRepository.update(step);
                }
            }
            if (stored.getStatus() == BatchStatus.FAILED) {
                stored.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), failure.oneLine()));
                jobRepository.update(stored);
            }
        } catch (RuntimeException e) {
            log.warn("Could not record execution {} as FAILED ({}); the next start or restart recovers it",
                    executionId, e.toString());
        }
    }

    /** The most specific failure: a partition worker's own exception rather than its manager's summary of it. */
    public static Throwable firstFailure(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .sorted(java.util.Comparator.comparing(s -> s.getStepName().contains(":partition") ? 0 : 1))
                .flatMap(s -> s.getFailureExceptions().stream())
                .findFirst()
                .or(() -> execution.getFailureExceptions().stream().findFirst())
                .orElse(null);
    }

    /** One line saying why the execution did not complete: family and message. */
    public String failureLine(JobExecution execution) {
        Throwable failure = firstFailure(execution);
        if (failure != null) {
            return JobFailure.of(failure, database.hostAndPort()).oneLine();
        }
        String described = JobFailure.describe(execution.getExitStatus().getExitDescription());
        return described == null ? execution.getStatus().toString() : described;
    }

    private Job jobFor(String name) {
        return jobs.stream().filter(j -> j.getName().equals(name)).findFirst()
                .orElseThrow(() -> new OperatorException("no job named " + name + " in this version of midicrate"));
    }
}
