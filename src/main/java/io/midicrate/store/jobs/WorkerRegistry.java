package io.midicrate.store.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The rows of remote partitioning (schema/V9): {@code remote_worker}, one per {@code midicrate worker} that joined,
 * and {@code remote_partition}, which worker took each partition step execution. Liveness is not here: it is the
 * worker's advisory lock ({@code io.midicrate.remote.Workers}).
 */
@Repository
public class WorkerRegistry {

    /** One registered worker row. */
    public record WorkerRow(long id, String host, long pid, int threads) {
    }

    /** The partitions one worker finished, by status, for the metrics. */
    public record PartitionsDone(long workerId, String host, long pid, String status, long partitions) {
    }

    private final JdbcTemplate jdbc;

    public WorkerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A fresh worker id, before the row exists (its lock is taken first). */
    public long nextId() {
        return jdbc.queryForObject("SELECT nextval(pg_get_serial_sequence('remote_worker', 'id'))", Long.class);
    }

    public void insert(WorkerRow worker) {
        jdbc.update("INSERT INTO remote_worker (id, host, pid, threads) VALUES (?, ?, ?, ?)", worker.id(), worker.host(),
                worker.pid(), worker.threads());
    }

    /** Marks the worker stopped; idempotent. */
    public void markStopped(long id) {
        jdbc.update("UPDATE remote_worker SET stopped_at = now() WHERE id = ? AND stopped_at IS NULL", id);
    }

    /** The workers not marked stopped (some may be dead: their lock says). */
    public List<WorkerRow> notStopped() {
        return jdbc.query("SELECT id, host, pid, threads FROM remote_worker WHERE stopped_at IS NULL ORDER BY id",
                (rs, i) -> new WorkerRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4)));
    }

    /** Records that the worker took the partition (before it runs it); a restart's retake overwrites. */
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

    /** Partitions each worker that has not stopped took, by the partition's status (COMPLETED, FAILED, STARTED...). */
    public List<PartitionsDone> partitionsByWorker() {
        return jdbc.query("""
                SELECT w.id, w.host, w.pid, s.status, count(*) FROM remote_partition p
                JOIN remote_worker w ON w.id = p.worker_id
                JOIN batch_step_execution s ON s.step_execution_id = p.step_execution_id
                WHERE w.stopped_at IS NULL
                GROUP BY w.id, w.host, w.pid, s.status ORDER BY w.id""",
                (rs, i) -> new PartitionsDone(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5)));
    }
}
