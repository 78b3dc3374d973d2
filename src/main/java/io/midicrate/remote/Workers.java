package io.midicrate.remote;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.midicrate.batch.JobLocks;

/**
 * The workers that joined the library's database, and which one ran each partition. Liveness is the lock a worker
 * holds for as long as its process lives ({@link JobLocks}, the same idea as {@code ExecutionLiveness}): a row whose
 * lock is free belongs to a worker that is gone, however it went.
 */
@Component
public class Workers {

    /** One worker, as shown to the operator. */
    public record Worker(long id, String host, long pid, int threads) {
        public String label() {
            return host + ":" + pid;
        }
    }

    /** This process's registration: closing it releases the liveness lock and marks the worker stopped. */
    public interface Registration extends AutoCloseable {
        Worker worker();

        @Override
        void close();
    }

    private final JdbcTemplate jdbc;
    private final JobLocks locks;

    public Workers(JdbcTemplate jdbc, JobLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    public Registration register(int threads) {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        // the lock first, the row after: a row is never seen without its lock (it would be taken for a dead worker)
        long id = jdbc.queryForObject("SELECT nextval(pg_get_serial_sequence('remote_worker', 'id'))", Long.class);
        JobLocks.Held lock = locks.tryLock(workerLock(id));
        if (lock == null) {
            throw new IllegalStateException("worker " + id + " is already registered by another process");
        }
        jdbc.update("INSERT INTO remote_worker (id, host, pid, threads) VALUES (?, ?, ?, ?)", id, host, pid, threads);
        Worker worker = new Worker(id, host, pid, threads);
        return new Registration() {
            @Override
            public Worker worker() {
                return worker;
            }

            @Override
            public void close() {
                jdbc.update("UPDATE remote_worker SET stopped_at = now() WHERE id = ?", id);
                lock.close();
            }
        };
    }

    /** The workers alive now; rows of dead ones are marked stopped on the way. */
    public List<Worker> alive() {
        List<Worker> registered = jdbc.query("SELECT id, host, pid, threads FROM remote_worker WHERE stopped_at IS NULL",
                (rs, i) -> new Worker(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4)));
        List<Worker> alive = new ArrayList<>();
        for (Worker w : registered) {
            if (locks.isHeld(workerLock(w.id()))) {
                alive.add(w);
            } else {
                jdbc.update("UPDATE remote_worker SET stopped_at = now() WHERE id = ? AND stopped_at IS NULL", w.id());
            }
        }
        return alive;
    }

    /** Records that this worker took the partition (before it runs it). */
    public void took(long stepExecutionId, long workerId) {
        jdbc.update("""
                INSERT INTO remote_partition (step_execution_id, worker_id) VALUES (?, ?)
                ON CONFLICT (step_execution_id) DO UPDATE SET worker_id = excluded.worker_id, taken_at = now()""",
                stepExecutionId, workerId);
    }

    /** host:pid of the worker that ran each partition of the execution, by step execution id. */
    public Map<Long, String> ranBy(long jobExecutionId) {
        Map<Long, String> hosts = new LinkedHashMap<>();
        jdbc.query("""
                SELECT p.step_execution_id, w.host, w.pid FROM remote_partition p
                JOIN remote_worker w ON w.id = p.worker_id
                JOIN batch_step_execution s ON s.step_execution_id = p.step_execution_id
                WHERE s.job_execution_id = ?""",
                rs -> {
                    hosts.put(rs.getLong(1), rs.getString(2) + ":" + rs.getLong(3));
                }, jobExecutionId);
        return hosts;
    }

    /** The worker recorded for a partition, or null. */
    public String ranBy(long jobExecutionId, long stepExecutionId) {
        return ranBy(jobExecutionId).get(stepExecutionId);
    }

    /** Held by a worker for as long as it runs the partition, from before it is marked STARTED to after it ends. */
    public JobLocks.Held lockPartition(long stepExecutionId) {
        return locks.tryLock(partitionLock(stepExecutionId));
    }

    public boolean isPartitionHeld(long stepExecutionId) {
        return locks.isHeld(partitionLock(stepExecutionId));
    }

    private static String workerLock(long id) {
        return "worker:" + id;
    }

    private static String partitionLock(long stepExecutionId) {
        return "partition:" + stepExecutionId;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown-host";
        }
    }
}
