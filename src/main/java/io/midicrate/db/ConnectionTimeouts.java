package io.midicrate.db;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.midicrate.config.MidicrateProperties;

/**
 * Puts {@code midicrate.db.connect-timeout}, {@code keep-alive} and {@code socket-timeout} on every connection pool,
 * the embedded server's and one configured with {@code spring.datasource.url} alike, so that a database that goes
 * away fails the job within a bounded time instead of hanging it. Parameters written in the JDBC URL win (pgjdbc
 * lets the URL override these properties).
 */
@Component
public class ConnectionTimeouts implements BeanPostProcessor, EnvironmentAware {

    private MidicrateProperties.Db settings;

    @Override
    public void setEnvironment(Environment environment) {
        settings = Binder.get(environment).bindOrCreate("midicrate.db", MidicrateProperties.Db.class);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
            apply(pool, settings);
        }
        return bean;
    }

    /** Before the pool starts: a started pool's settings are sealed. */
    static void apply(HikariConfig pool, MidicrateProperties.Db db) {
        long connectMillis = Math.max(db.connectTimeout().toMillis(), 250);
        // a connection from the pool (or a new one while the server is down) is waited for this long, no more
        pool.setConnectionTimeout(connectMillis);
        pool.setValidationTimeout(Math.min(connectMillis, Duration.ofSeconds(5).toMillis()));
        pool.addDataSourceProperty("connectTimeout", seconds(db.connectTimeout()));
        pool.addDataSourceProperty("loginTimeout", seconds(db.connectTimeout()));
        pool.addDataSourceProperty("socketTimeout", seconds(db.socketTimeout()));
        pool.addDataSourceProperty("tcpKeepAlive", "true");
        pool.addDataSourceProperty("socketFactory", KeepAliveSocketFactory.class.getName());
        pool.addDataSourceProperty("socketFactoryArg", seconds(db.keepAlive()));
    }

    /** pgjdbc counts whole seconds, and 0 means "never": anything positive stays at least one second. */
    private static String seconds(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return "0";
        }
        return Long.toString(Math.max(1, d.toSeconds()));
    }
}
