package io.midicrate.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reading the query layer's result columns: SQL NULL as Java null, arrays as lists. */
final class Columns {

    private Columns() {
    }

    static String status(String analysisStatus, Object analyzedAt) {
        return analyzedAt == null || analysisStatus == null ? "pending" : analysisStatus;
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }


    static Object intOrNull(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v instanceof Number n ? n.intValue() : null;
    }
}
