package io.midicrate.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import io.midicrate.common.OperatorException;

/**
 * Why a job failed, as one line a person can act on: a family and a message, never a stack trace or a driver's
 * raw text (the trace goes to the log). {@link #DATABASE_UNAVAILABLE} is the one fault a restart cures by itself
 * once the database is back, so it is told apart from every other.
 */
public record JobFailure(String family, String message) {

    public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";
    public static final String DATABASE_ERROR = "DATABASE_ERROR";
    public static final String IO_ERROR = "IO_ERROR";
    public static final String INTERNAL = "INTERNAL";

    /** SQLSTATEs that mean the connection, not the statement, failed: class 08 and the server shutting down. */
    private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03");

    private static final String HIKARI_CLOSED = "Connection is closed";

    /** What a stopped execution or step says in place of the exception Spring Batch records for a stop. */
    public static final String STOPPED = "stopped (SIGTERM or stop request) at a chunk boundary; restart continues it";

    /** A line of a stack trace that names what was thrown: a qualified class name, then its message if any. */
    private static final Pattern THROWN = Pattern.compile("((?:[A-Za-z_$][\\w$]*\\.)+[A-Z][\\w$]*)(?::\\s*(.*))?");

    /** {@code FAMILY: message}, on one line. */
    public String oneLine() {
        return family + ": " + message;
    }

    public static JobFailure of(Throwable failure, String databaseAddress) {
        if (failure == null) {
            return new JobFailure(INTERNAL, "(no message)");
        }
        if (isConnectionLoss(failure)) {
            return new JobFailure(DATABASE_UNAVAILABLE, "lost the connection to PostgreSQL at " + databaseAddress);
        }
        if (failure instanceof OperatorException) {
            return new JobFailure("OPERATOR", flat(failure.getMessage()));
        }
        SQLException sql = mostSpecificSqlException(failure);
        if (sql != null) {
            ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
            String text = server != null && server.getMessage() != null ? server.getMessage() : sql.getMessage();
            String state = sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")";
            return new JobFailure(DATABASE_ERROR, flat(text) + state);
        }
        Throwable io = find(failure, IOException.class);
        if (io != null) {
            return new JobFailure(IO_ERROR, flat(io.getMessage()));
        }
        Throwable root = failure;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (root.getCause() != null && seen.put(root, true) == null) {
            root = root.getCause();
        }
        return new JobFailure(INTERNAL, root.getClass().getSimpleName() + ": " + flat(root.getMessage()));
    }

    /**
     * An execution's or step's stored exit description as a person reads it, or null when it has none: a stop in
     * words ({@link #STOPPED}), a line this class wrote as it is, and the stack trace Spring Batch stores when a
     * failure could not be settled as the message of its deepest cause. Never a Java class name.
     */
    public static String describe(String exitDescription) {
        if (exitDescription == null || exitDescription.isBlank()) {
            return null;
        }
        if (exitDescription.contains(JobInterruptedException.class.getSimpleName())) {
            return STOPPED;
        }
        List<String> lines = exitDescription.strip().lines().toList();
        if (!THROWN.matcher(lines.get(0).strip()).matches()) {
            return flat(lines.get(0));
        }
        String deepest = lines.get(0).strip();
        for (String line : lines) {
            if (line.startsWith("Caused by: ")) {
                deepest = line.substring("Caused by: ".length()).strip();
            }
        }
        Matcher thrown = THROWN.matcher(deepest);
        return flat(thrown.matches() ? thrown.group(2) : deepest);
    }

    /** Whether the failure is the database going away (stopped, crashed, unreachable, connection terminated). */
    public static boolean isConnectionLoss(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof CannotGetJdbcConnectionException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || CONNECTION_STATES.contains(e.getSQLState()))) {
                return true;
            }
            // HikariCP's stand-in for a connection it evicted after a fatal error carries no SQLSTATE
            if (t instanceof SQLException e && e.getSQLState() == null && HIKARI_CLOSED.equals(e.getMessage())) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (seen.get(suppressed) == null && isConnectionLoss(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The server's own error where there is one (a batch's BatchUpdateException holds it as its next exception; its
     * own text repeats the whole statement), else the first SQLException in the chain.
     */
    private static SQLException mostSpecificSqlException(Throwable failure) {
        SQLException first = null;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                first = first == null ? e : first;
                for (SQLException n = e; n != null && (n == e || seen.put(n, true) == null); n = n.getNextException()) {
                    if (n instanceof PSQLException p && p.getServerErrorMessage() != null) {
                        return p;
                    }
                }
            }
        }
        return first;
    }

    private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
            if (t instanceof UncheckedIOException u && type == IOException.class) {
                return u.getCause();
            }
        }
        return null;
    }

    private static String flat(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
