package io.midicrate.batch;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

import io.midicrate.store.jobs.AdvisoryLocks;

/**
 * Named locks that hold across processes: a PostgreSQL session advisory lock on a connection kept for as long as
 * the lock is held. The server releases it if the holder dies, so a crash never leaves a lock behind.
 */
@Component
public class JobLocks {

    private final DataSource dataSource;

    public JobLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A held lock; closing it releases the lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether another session holds the lock now (a probe: takes and releases it when free). */
    public boolean isHeld(String name) {
        Held probe = tryLock(name);
        if (probe == null) {
            return true;
        }
        probe.close();
        return false;
    }

    /** The lock, or null when another session holds it. */
    public Held tryLock(String name) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!AdvisoryLocks.tryLock(connection, "midicrate:" + name)) {
                connection.close();
                return null;
            }
            Connection held = connection;
            return () -> {
                // the connection goes back to the pool, not away: unlock explicitly, or the pooled session keeps it
                try (held) {
                    AdvisoryLocks.unlock(held, "midicrate:" + name);
                } catch (SQLException ignored) {
                    // a broken connection is evicted by the pool, and its session's locks die with it
                }
            };
        } catch (SQLException e) {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException ignored) {
                // already failing
            }
            throw new DataAccessResourceFailureException("cannot take the lock " + name, e);
        }
    }
}
