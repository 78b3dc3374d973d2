package io.midicrate.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Your own PostgreSQL ({@code spring.datasource.url}): the pool Spring Boot would make, bound to the same
 * {@code spring.datasource.*} and {@code spring.datasource.hikari.*} settings, as a {@link FailFastPool}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalDatabaseConfig.ExternalDatabaseCondition.class)
class ExternalDatabaseConfig {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    FailFastPool dataSource(DataSourceProperties properties) {
        FailFastPool pool = new FailFastPool();
        pool.setJdbcUrl(properties.determineUrl());
        pool.setUsername(properties.determineUsername());
        pool.setPassword(properties.determinePassword());
        pool.setDriverClassName(properties.determineDriverClassName());
        return pool;
    }

    static class ExternalDatabaseCondition extends NoExternalDatabaseCondition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
