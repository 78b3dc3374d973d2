package io.midicrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.MidicrateApplication;
import io.midicrate.batch.ProgressListener;

/** Starts the application (database, migrations, jobs) for a command that needs it. */
final class AppContext {

    private AppContext() {
    }

    static ConfigurableApplicationContext start(boolean progress) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MidicrateApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run();
        context.getBean(ProgressListener.class).enable(progress && System.console() != null);
        warnIfLogUnwritable(context);
        return context;
    }

    /**
     * Logback swallows a log file it cannot open; the console is kept for progress and summaries, so without this
     * line the failures would go nowhere and nobody would know.
     */
    static void warnIfLogUnwritable(ConfigurableApplicationContext context) {
        String file = context.getEnvironment().getProperty("logging.file.name");
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e instanceof java.nio.file.FileSystemException ? "no such folder and cannot create it" : e.getMessage();
            System.err.println("midicrate: warning: cannot write the log file " + file + " (" + why.toLowerCase()
                    + "); nothing is logged: set logging.file.name (or LOGGING_FILE_NAME) to a writable file");
        }
    }

    /** The same application with a web server for health and metrics: 'midicrate serve' only. */
    static ConfigurableApplicationContext startServer() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MidicrateApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run();
        warnIfLogUnwritable(context);
        return context;
    }
}
