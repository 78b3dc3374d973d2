package io.midicrate;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.midicrate.batch.ProgressListener;

/** Starts the application (database, migrations, jobs) for a command that needs it. */
public final class AppContext {

    private AppContext() {
    }

    public static ConfigurableApplicationContext start(boolean progress) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MidicrateApplication.class)
                .listeners(new LogFileCheck())
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run();
        context.getBean(ProgressListener.class).enable(progress && System.console() != null);
        return context;
    }

    /**
     * A log file that cannot be written: logback would print its own stack trace, or nothing, depending on why.
     * Checked before logging starts (just after the configuration is read, just before Spring Boot sets logging
     * up): one warning line, and the file is left out.
     */
    static final class LogFileCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            ConfigurableEnvironment environment = event.getEnvironment();
            String file = environment.getProperty("logging.file.name");
            if (file == null || file.isBlank()) {
                return;
            }
            String problem = unwritable(Path.of(file));
            if (problem != null) {
                System.err.println("midicrate: warning: cannot write the log file " + file + " (" + problem
                        + "); nothing is logged: set logging.file.name (or LOGGING_FILE_NAME) to a writable file");
                environment.getPropertySources().addFirst(
                        new MapPropertySource("midicrate-unwritable-log", Map.of("logging.file.name", "")));
            }
        }

        /** Why the file cannot be appended to, or null when it can. */
        static String unwritable(Path path) {
            try {
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
                return null;
            } catch (AccessDeniedException e) {
                return "permission denied";
            } catch (FileSystemException e) {
                return e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT)
                        : "cannot create it or its folder";
            } catch (IOException | RuntimeException e) {
                return String.valueOf(e.getMessage());
            }
        }

        @Override
        public int getOrder() {
            // after the configuration files are read (+10), before logging is set up (+20)
            return Ordered.HIGHEST_PRECEDENCE + 15;
        }
    }

    /**
     * Counts down when the context closes (SIGTERM closes it through Spring's shutdown hook): long-running commands
     * wait on it. Take it right after starting, so no close is missed.
     */
    public static java.util.concurrent.CountDownLatch closeLatch(ConfigurableApplicationContext context) {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        context.addApplicationListener(e -> {
            if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
            }
        });
        return closed;
    }

    /** The same application with a web server for health and metrics: 'midicrate serve' only. */
    public static ConfigurableApplicationContext startServer() {
        return new SpringApplicationBuilder(MidicrateApplication.class)
                .listeners(new LogFileCheck())
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run();
    }
}
