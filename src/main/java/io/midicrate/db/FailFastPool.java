package io.midicrate.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * midicrate's connection pool (HikariCP), which stops waiting for a connection once PostgreSQL refuses them.
 * <p>
 * A caller waits up to {@code midicrate.db.connect-timeout} for a connection, and that is right while the server is
 * up and the pool busy: every connection is in a long statement. But once the server has stopped, every wait runs to
 * its end, and a job that lost its database waits once per record Spring Batch keeps (each partition, its manager,
 * the job) and once more to record the failure: 7 waits, 70 s from the fault to the exit. Here a caller first waits
 * {@link #FIRST_WAIT_MILLIS}; if by then the pool's latest attempt to open a connection failed (Hikari keeps that
 * failure until an attempt succeeds), the server is refusing connections and the wait ends; otherwise the pool is
 * busy and the caller waits the rest of the timeout. Statements are never cut short by this: it decides only how long
 * a caller waits for a connection.
 */
public class FailFastPool extends HikariDataSource {

    /** The wait after which a caller asks whether the pool can reach the server at all. */
    static final long FIRST_WAIT_MILLIS = 1_000;

    /** A pool configured by setters (Spring binds {@code spring.datasource.hikari}); it starts on first use. */
    public FailFastPool() {
    }

    /** A pool started at once. */
    public FailFastPool(HikariConfig config) {
        super(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (isClosed() || !(getHikariPoolMXBean() instanceof HikariPool pool)) {
            return super.getConnection(); // starts the pool, or says it is closed
        }
        long wait = getConnectionTimeout();
        long first = Math.min(FIRST_WAIT_MILLIS, wait);
        try {
            return pool.getConnection(first);
        } catch (SQLTransientConnectionException timedOut) {
            if (timedOut.getCause() != null || first == wait) {
                throw timedOut; // carries the failed attempt (Connection refused, ...), which names the fault
            }
        }
        return pool.getConnection(wait - first);
    }
}
