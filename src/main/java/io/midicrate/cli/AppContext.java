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

    /** The same application with a web server for health and metrics: 'midicrate serve' only. */
    static ConfigurableApplicationContext startServer() {
        return new SpringApplicationBuilder(MidicrateApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run();
    }
}
