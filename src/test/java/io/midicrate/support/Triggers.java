package io.midicrate.support;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Real database behaviour for failure tests: a trigger that slows every insert into a table (so a kill lands
 * mid-run), or one that raises an error for chosen rows (as an outage or a constraint would). No mocks.
 */
public final class Triggers {

    private Triggers() {
    }

    /** Every row inserted into {@code table} waits {@code seconds}. */
    public static void slowInserts(JdbcTemplate jdbc, String table, double seconds) {
        install(jdbc, table, "INSERT", "PERFORM pg_sleep(" + seconds + ");");
    }

    /** Every row updated in {@code table} waits {@code seconds}. */
    public static void slowUpdates(JdbcTemplate jdbc, String table, double seconds) {
        install(jdbc, table, "UPDATE", "PERFORM pg_sleep(" + seconds + ");");
    }

    /** Inserting a row into {@code table} for which the SQL {@code condition} (over NEW) holds raises an error. */
    public static void failInserts(JdbcTemplate jdbc, String table, String condition) {
        install(jdbc, table, "INSERT", "IF " + condition + " THEN RAISE EXCEPTION 'injected failure'; END IF;");
    }

    /**
     * Inserting a row into {@code table} for which {@code condition} holds is refused as a constraint would refuse
     * it (SQLState 23514, a data error): the file is skipped and recorded, the run goes on.
     */
    public static void rejectInserts(JdbcTemplate jdbc, String table, String condition) {
        install(jdbc, table, "INSERT", "IF " + condition + " THEN RAISE EXCEPTION 'row refused by a test constraint' "
                + "USING ERRCODE = 'check_violation'; END IF;");
    }

    /**
     * Every row inserted into {@code table} waits while another session holds the advisory lock {@code gate} (as
     * {@link io.midicrate.batch.JobLocks} names it): a running job is held still, whatever the machine's speed.
     */
    public static void gateInserts(JdbcTemplate jdbc, String table, String gate) {
        String key = "hashtext('midicrate:" + gate.replace("'", "''") + "')";
        install(jdbc, table, "INSERT", "PERFORM pg_advisory_lock_shared(" + key + "); PERFORM pg_advisory_unlock_shared(" + key + ");");
    }

    public static void drop(JdbcTemplate jdbc, String table) {
        jdbc.execute("DROP TRIGGER IF EXISTS midicrate_test ON " + table);
    }

    private static void install(JdbcTemplate jdbc, String table, String event, String body) {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION midicrate_test_%1$s() RETURNS trigger AS $$
                BEGIN %2$s RETURN NEW; END $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS midicrate_test ON %1$s;
                CREATE TRIGGER midicrate_test BEFORE %3$s ON %1$s FOR EACH ROW EXECUTE FUNCTION midicrate_test_%1$s();"""
                .formatted(table, body, event));
    }
}
