package io.midicrate.store.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL session advisory locks by name, on a connection the caller holds for as long as the lock
 * ({@code io.midicrate.batch.JobLocks} keeps the connection; this is only the statements).
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Takes the lock on this session if no other session holds it; whether it did. */
    public static boolean tryLock(Connection session, String name) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Releases the lock this session holds. */
    public static void unlock(Connection session, String name) throws SQLException {
        try (PreparedStatement unlock = session.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            unlock.setString(1, name);
            unlock.execute();
        }
    }
}
