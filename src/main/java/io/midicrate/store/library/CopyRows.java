package io.midicrate.store.library;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Rows for one PostgreSQL {@code COPY ... FROM STDIN} (text format), sent on the connection of the running
 * transaction (the chunk's, with Spring Batch's step metadata), so what is copied commits or rolls back with it.
 *
 * <p>Values are encoded here, by type, once: numbers and booleans as PostgreSQL prints them, text escaped for the
 * COPY text format, {@code List<String>} as a {@code text[]} literal, {@code byte[]} as {@code bytea} hex and
 * {@link Instant} rounded to the microsecond half up (as pgjdbc rounds a bound {@code Timestamp}, so a value copied
 * compares equal to the same value bound by an older build). Floats print their shortest exact form
 * ({@link Float#toString}), which {@code real} reads back bit for bit.
 */
public final class CopyRows {

    private final StringBuilder text = new StringBuilder(64 * 1024);
    private final int columns;
    private int column;
    private int rows;

    /** A row set of {@code columns} values per row. */
    public CopyRows(int columns) {
        this.columns = columns;
    }

    /** Appends one value to the current row (starting a row when the last one is full). */
    public CopyRows add(Object value) {
        if (column > 0) {
            text.append('\t');
        }
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String s) {
            escape(s, text);
        } else if (value instanceof Instant t) {
            text.append(micros(t));
        } else if (value instanceof byte[] b) {
            text.append("\\\\x").append(HexFormat.of().formatHex(b));
        } else if (value instanceof Collection<?> list) {
            StringBuilder literal = new StringBuilder("{");
            for (Object element : list) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                if (element == null) {
                    literal.append("NULL");
                } else {
                    literal.append('"');
                    String s = element.toString();
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (c == '"' || c == '\\') {
                            literal.append('\\');
                        }
                        literal.append(c);
                    }
                    literal.append('"');
                }
            }
            escape(literal.append('}').toString(), text);
        } else if (value instanceof Number || value instanceof Boolean) {
            text.append(value);
        } else {
            throw new IllegalArgumentException("no COPY encoding for " + value.getClass().getName());
        }
        if (++column == columns) {
            text.append('\n');
            column = 0;
            rows++;
        }
        return this;
    }

    /** Appends a whole row. */
    public CopyRows row(Object... values) {
        for (Object v : values) {
            add(v);
        }
        return this;
    }

    public int rows() {
        return rows;
    }

    /**
     * Copies the rows into {@code table (columnList)} on the transaction's connection.
     *
     * @throws SQLException as the server reports a rejected value (SQLState 22/23), so the caller's per-file fault
     *                      tolerance sees a data error
     */
    public void copyInto(DataSource dataSource, String table, List<String> columnList) throws SQLException {
        if (column != 0) {
            throw new IllegalStateException("the last row has " + column + " of " + columns + " values");
        }
        if (rows == 0) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + String.join(", ", columnList) + ") FROM STDIN");
            try {
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Runs DDL (the session's staging tables) on the transaction's connection. */
    static void execute(DataSource dataSource, String sql) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** An instant as PostgreSQL's timestamptz holds it: microseconds, rounded half up, in UTC. */
    static String micros(Instant t) {
        return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append(' ');
                default -> out.append(c);
            }
        }
    }
}
