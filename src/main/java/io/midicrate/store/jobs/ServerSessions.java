package io.midicrate.store.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The server's view of who is connected ({@code pg_stat_activity}), for the embedded server's shutdown decision. */
public final class ServerSessions {

    private ServerSessions() {
    }

    /** The application name of every client connection but {@code session} itself ("" when a client gave none). */
    public static List<String> otherClients(Connection session) throws SQLException {
        try (Statement st = session.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT coalesce(application_name, '') FROM pg_stat_activity
                     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()""")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
