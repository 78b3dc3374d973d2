package io.midicrate.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.midicrate.common.OperatorException;
import io.midicrate.library.PathMap;

/**
 * {@code midicrate.paths.map}: the {@link PathMap} the import hashing, analyze and reprocess steps open files through
 * (on a worker that mounts the library elsewhere). Parsed when the application starts, so a bad entry stops every
 * command with one line and exit code 2 before any work begins.
 */
@Configuration(proxyBeanMethods = false)
public class PathMapConfig {

    @ConfigurationProperties("midicrate.paths")
    public record Paths(@DefaultValue List<String> map) {
    }

    @Bean
    PathMap pathMap(Paths paths) {
        try {
            return PathMap.parse(paths.map());
        } catch (IllegalArgumentException e) {
            throw new OperatorException("midicrate.paths.map: " + e.getMessage());
        }
    }
}
