package io.midicrate.batch;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Set;

import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionException;

import io.midicrate.library.ErrorFamily;
import io.midicrate.library.ValueRejected;

/**
 * Tells a file the database rejected (a data error: skip that file, record it, write the rest of its chunk) from a
 * database that is failing (connection lost, shutting down, out of resources: fail the step so that it can be
 * restarted). Only SQLState classes 22 (data exception) and 23 (integrity constraint) and our own
 * {@link ValueRejected} are data errors; anything that also shows a sign of infrastructure trouble is not.
 */
public final class DataErrors {

    private static final int MAX_CAUSES = 32;

    private DataErrors() {
    }

    /** Whether {@code failure} is about one item's values, so skipping that item is right. */
    public static boolean isDataError(Throwable failure) {
        boolean data = false;
        for (Throwable t : causes(failure)) {
            if (isInfrastructure(t)) {
                return false;
            }
            if (t instanceof ValueRejected) {
                data = true;
            } else if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    data = true;
                }
            }
        }
        return data;
    }

    /** The family an item skipped for {@code failure} is recorded with. */
    public static ErrorFamily family(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof ValueRejected rejected) {
                return rejected.family();
            }
        }
        return ErrorFamily.DB_REJECTED;
    }

    /**
     * One line for the error row: the server's own message and SQLState (never a Java class name or a driver's
     * wrapper text), or the validation message.
     */
    public static String describe(Throwable failure) {
        SQLException best = null;
        for (Throwable t : causes(failure)) {
            if (t instanceof ValueRejected rejected) {
                return rejected.getMessage();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (best == null || best instanceof BatchUpdateException)) {
                best = sql;
            }
        }
        if (best == null) {
            return "the database rejected this file's rows";
        }
        String message = best.getMessage() == null ? "" : best.getMessage().lines().findFirst().orElse("").trim();
        if (best instanceof BatchUpdateException) {
            // "Batch entry 3 INSERT ... was aborted: ERROR: ...  Call getNextException ...": keep the server's part
            int error = message.indexOf("ERROR:");
            message = error >= 0 ? message.substring(error) : "";
            int call = message.indexOf("  Call getNextException");
            message = call >= 0 ? message.substring(0, call) : message;
        }
        if (message.startsWith("ERROR:")) {
            message = message.substring("ERROR:".length()).trim();
        }
        return "the database rejected this file's rows: " + (message.isEmpty() ? "no message" : message)
                + " (SQLState " + best.getSQLState() + ")";
    }

    private static boolean isInfrastructure(Throwable t) {
        if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                || t instanceof CannotGetJdbcConnectionException || t instanceof NonTransientDataAccessResourceException
                || t instanceof TransactionException || t instanceof SQLTransientException
                || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                || t instanceof java.io.IOException || t instanceof Error) {
            return true;
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("connection is closed") || message.contains("connection has been closed")
                || message.contains("i/o error")) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // 08 connection, 53 resources, 57 operator intervention (57P01 shutdown...), 58 system, XX internal,
            // 40 rollback (deadlock, serialization), 25 transaction state: all say nothing about the file
            return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("58")
                    || state.startsWith("XX") || state.startsWith("40") || state.startsWith("25");
        }
        return false;
    }

    /** Every cause, following JDBC's next-exception chains too, each once. */
    private static List<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> causes = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < MAX_CAUSES) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            causes.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return causes;
    }
}
