package io.midicrate.remote;

import java.sql.DriverManager;

import javax.sql.DataSource;

import org.postgresql.jdbc.PgConnection;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.channel.PgConnectionSupplier;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The message channel between the manager and the workers: the library's own PostgreSQL, through Spring
 * Integration's JDBC channel message store (table INT_CHANNEL_MESSAGE, schema/V9). The manager appends one
 * {@link StepExecutionRequest} per partition; workers take them with {@code DELETE ... FOR UPDATE SKIP LOCKED}
 * (each request goes to exactly one worker) and hear of new ones through LISTEN/NOTIFY
 * ({@code PostgresSubscribableChannel}). Every worker needs the database anyway, so this needs no new server.
 */
@Configuration(proxyBeanMethods = false)
public class PartitionTransport {

    /** The message group holding the queued partition requests of every job. */
    public static final String REQUESTS = "midicrate.partition-requests";

    @Bean
    JdbcChannelMessageStore partitionRequestStore(DataSource dataSource) {
        JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
        // requests are Java-serialized messages: only a message holding the request may be read back
        store.addAllowedPatterns(GenericMessage.class.getName(), MessageHeaders.class.getName(),
                StepExecutionRequest.class.getName(), "java.util.HashMap", "java.util.UUID", "java.lang.Number",
                "java.lang.Long", "java.lang.Integer", "java.lang.String");
        store.setCheckDatabaseOnStart(false);
        return store;
    }

    /** The manager's side: a queue channel whose queue is the message group in the database. */
    @Bean
    MessageChannel partitionRequests(JdbcChannelMessageStore partitionRequestStore) {
        QueueChannel channel = new QueueChannel(new MessageGroupQueue(partitionRequestStore, REQUESTS));
        channel.setBeanName("partitionRequests");
        return channel;
    }

    /**
     * A connection of its own for LISTEN, outside the pool: it stays open for the worker's life, and the subscriber
     * closes it itself (a pooled one closed that way would be lost to the pool).
     */
    @Bean
    PgConnectionSupplier listenConnections(DataSource dataSource) {
        return () -> {
            if (!(dataSource instanceof HikariDataSource hikari)) {
                throw new IllegalStateException("remote partitioning needs the PostgreSQL data source midicrate configures");
            }
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword())
                    .unwrap(PgConnection.class);
        };
    }
}
