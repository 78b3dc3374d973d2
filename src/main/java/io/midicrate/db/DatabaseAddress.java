package io.midicrate.db;

import java.util.Properties;

import javax.sql.DataSource;

import org.postgresql.Driver;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/** Where the database is, as a person would name it in a message: {@code host:port}. */
@Component
public class DatabaseAddress {

    private final String hostAndPort;

    public DatabaseAddress(DataSource dataSource) {
        this.hostAndPort = dataSource instanceof HikariDataSource pool ? of(pool.getJdbcUrl()) : "(unknown address)";
    }

    public String hostAndPort() {
        return hostAndPort;
    }

    /** {@code host:port} of a PostgreSQL JDBC URL (several for a multi-host URL), or the URL when pgjdbc cannot read it. */
    static String of(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(unknown address)";
        }
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            return jdbcUrl;
        }
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        StringBuilder address = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            address.append(i == 0 ? "" : ",").append(hosts[i]).append(':').append(ports[Math.min(i, ports.length - 1)]);
        }
        return address.toString();
    }
}
