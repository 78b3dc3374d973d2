package io.midicrate.support;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that touches the database: one Spring context and one PostgreSQL for the suite, and a library
 * emptied before each test so tests do not see each other's rows.
 */
@Tag("integration")
@SpringBootTest(properties = {"logging.file.name=target/midicrate-test.log", "midicrate.import.chunk-size=20", "midicrate.analyze.chunk-size=20"})
public abstract class DatabaseTest {

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    void emptyLibrary() {
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_seen, import_run, content RESTART IDENTITY CASCADE");
        jdbc.execute("TRUNCATE favourite, rating, user_tag, crate, curation_journal RESTART IDENTITY CASCADE");
    }
}
