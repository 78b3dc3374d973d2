package io.midicrate.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Tells a running execution from one left STARTED by a dead process. While a job runs, its process holds a
 * PostgreSQL session advisory lock keyed by the execution id on a connection of its own; the server drops the lock
 * when that process dies, however it dies. So "lock is free" means "nobody is running it", across processes.
 */
@Component
public class ExecutionLiveness implements JobExecutionListener {

    /** Keeps midicrate's advisory lock keys apart from anyone else's on a shared server. */
    private static final long NAMESPACE = 0x6D69_6469L << 40;

    private final DataSource dataSource;
    private final Map<Long, Connection> held = new ConcurrentHashMap<>();

    public ExecutionLiveness(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, NAMESPACE | execution.getId());
                ps.execute();
            }
            held.put(execution.getId(), connection);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot mark execution " + execution.getId() + " as running", e);
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        Connection connection = held.remove(execution.getId());
        if (connection != null) {
            try (connection; PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, NAMESPACE | execution.getId());
                ps.execute();
            } catch (SQLException ignored) {
                // closing the connection releases the lock anyway
            }
        }
    }

    /** The executions this process is running now. */
    public java.util.Set<Long> runningHere() {
        return java.util.Set.copyOf(held.keySet());
    }

    /** Whether some live process is running this execution now. */
    public boolean isRunning(long executionId) {
        if (held.containsKey(executionId)) {
            return true;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, NAMESPACE | executionId);
            boolean acquired;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                acquired = rs.getBoolean(1);
            }
            if (acquired) {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, NAMESPACE | executionId);
                    unlock.execute();
                }
            }
            return !acquired;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot check execution " + executionId, e);
        }
    }
}
