package io.midicrate.cli;

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
        return context;
    }

    /**
     * Counts down when the context closes (SIGTERM closes it through Spring's shutdown hook): long-running commands
     * wait on it. Take it right after starting, so no close is missed.
     */
    static java.util.concurrent.CountDownLatch closeLatch(ConfigurableApplicationContext context) {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        context.addApplicationListener(e -> {
            if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
            }
        });
        return closed;
    }

    /** The same application with a web server for health and metrics: 'midicrate serve' only. */
    static ConfigurableApplicationContext startServer() {
        return new SpringApplicationBuilder(MidicrateApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run();
    }
}
