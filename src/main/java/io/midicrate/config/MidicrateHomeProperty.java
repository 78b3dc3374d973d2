package io.midicrate.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the configuration {@code ${midicrate.home}} ({@link MidicrateHome}) before anything reads it, the log file's
 * name included (logging is set up right after this). Registered in {@code META-INF/spring.factories}.
 */
public class MidicrateHomeProperty implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> variables = environment.getSystemEnvironment();
        MidicrateHome home = MidicrateHome.resolve(variables, key -> {
            Object value = environment.getSystemProperties().get(key);
            return value == null ? null : value.toString();
        });
        // last: a value given any other way (a configuration file) still wins, as for every other key
        environment.getPropertySources().addLast(new MapPropertySource("midicrate-home",
                Map.of(MidicrateHome.PROPERTY, home.folder().toString())));
    }
}
