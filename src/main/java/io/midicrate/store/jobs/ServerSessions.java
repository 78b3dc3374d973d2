package io.midicrate.store.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The server's view of who is connected ({@code pg_stat_activity}), for the embedded server's shutdown decision. */
public final class ServerSessions {

    private ServerSessions() {
    }

    /** Client connections other than {@code session} itself whose application name is not {@code ours}. */
    public static int otherClients(Connection session, String ours) throws SQLException {
        try (PreparedStatement st = session.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'
                AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM ?""")) {
            st.setString(1, ours);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
