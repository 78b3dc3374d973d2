package io.midicrate.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.midicrate.support.FileTrees;

/**
 * SQL has one home: the store and query layer ({@code io.midicrate.store}, {@code io.midicrate.query}) that the jobs,
 * the CLI and the web page call. Any string literal elsewhere in {@code src/main/java} that reads as SQL (a statement,
 * or a fragment of one: a FROM or WHERE clause, a predicate with a {@code ?}) fails this test, named by file and line.
 * Comments are not read: a comment may name a statement.
 */
class SqlHomeTest {

    static final List<String> HOMES = List.of("io/midicrate/store/", "io/midicrate/query/");

    /**
     * Statements that only manage a connection, not data: allowed where they are, by file and the literal's text,
     * each with its reason.
     */
    static final Map<String, String> CONNECTION_MANAGEMENT = Map.of(
            "io/midicrate/db/EmbeddedDatabaseConfig.java|SELECT 1",
            "the probe of whether a found embedded server accepts connections, before any pool or store exists");

    /** What reads as SQL; keywords in upper case, as the code base writes SQL, and names in lower case. */
    static final Pattern SQL = Pattern.compile(String.join("|",
            "\\bSELECT\\s+\\S",
            "\\bINSERT\\s+INTO\\b",
            "\\bDELETE\\s+FROM\\b",
            "\\bUPDATE\\s+[a-z_]+\\s+(?:[a-z_]+\\s+)?SET\\b",
            "\\bWITH\\s+(?:RECURSIVE\\s+)?[a-z_]+\\s+AS\\b",
            "\\bCOPY\\s+[a-z_]",
            "\\bCREATE\\s+(?:TEMP|TEMPORARY|UNLOGGED|UNIQUE|TABLE|INDEX|EXTENSION|SCHEMA|VIEW|OR|MATERIALIZED|FUNCTION|TRIGGER|SEQUENCE)\\b",
            "\\bALTER\\s+(?:TABLE|SYSTEM|INDEX|SEQUENCE)\\b",
            "\\bDROP\\s+(?:TABLE|INDEX|VIEW|SCHEMA|SEQUENCE)\\b",
            "\\b(?:TRUNCATE|ANALYZE|VACUUM|LISTEN|NOTIFY|UNLISTEN)\\s+[a-z_\"]",
            "\\b(?:FROM|JOIN)\\s+[a-z_]+\\b",
            "\\bWHERE\\s+\\S",
            "\\bON\\s+CONFLICT\\b",
            "\\bIS\\s+(?:NOT\\s+)?NULL\\b",
            "\\b(?:ORDER|GROUP)\\s+BY\\b",
            "\\bBETWEEN\\b",
            "\\bAND\\s+(?:NOT\\s+)?[a-z_]",
            "[a-z_]\\s*(?:=|<>|<=|>=|<|>)\\s*\\?",
            "=\\s*ANY\\s*\\(",
            "\\b(?:pg_[a-z_]+|nextval|setval|hashtext)\\s*\\(",
            "^\\s*(?:select\\s+[a-z_*(]|insert\\s+into\\s|delete\\s+from\\s|update\\s+[a-z_]+\\s+set\\s)"));

    /** One string literal (text blocks included): its text as written, and the line it starts on. */
    record Literal(int line, String text) {
    }

    /** The string literals of a Java source, skipping comments and character literals. */
    static List<Literal> literals(String source) {
        List<Literal> found = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !(source.startsWith("\"\"\"", end) && source.charAt(end - 1) != '\\')) {
                    end++;
                }
                found.add(new Literal(line, source.substring(i + 3, Math.min(end, n))));
                line += count(source, i, end);
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    found.add(new Literal(line, source.substring(i + 1, Math.min(end, n))));
                }
                i = end + 1;
            } else {
                if (c == '\n') {
                    line++;
                }
                i++;
            }
        }
        return found;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < Math.min(to, s.length()); k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    static List<String> violations(Path sources) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = sources.relativize(file).toString().replace('\\', '/');
                if (HOMES.stream().anyMatch(relative::startsWith)) {
                    continue;
                }
                for (Literal literal : literals(Files.readString(file, StandardCharsets.UTF_8))) {
                    Matcher sql = SQL.matcher(literal.text());
                    if (!sql.find() || CONNECTION_MANAGEMENT.containsKey(relative + "|" + literal.text())) {
                        continue;
                    }
                    int line = literal.line() + count(literal.text(), 0, sql.start());
                    found.add(relative + ":" + line + ": \"" + literal.text().strip().lines().findFirst().orElse("") + "\"");
                }
            }
        }
        return found;
    }

    @Test
    void sqlLivesOnlyInTheStoreAndQueryLayer() throws IOException {
        List<String> found = violations(Path.of("src/main/java"));
        assertThat(found)
                .as("SQL outside io.midicrate.store and io.midicrate.query; move it into the store class of its table:%n%s",
                        String.join(System.lineSeparator(), found))
                .isEmpty();
    }

    @Test
    void theAllowedConnectionManagementIsStillThere() throws IOException {
        // an allowance whose statement went away must be removed, not left to excuse a later one
        for (String allowed : CONNECTION_MANAGEMENT.keySet()) {
            String[] fileAndText = allowed.split("\\|", 2);
            List<Literal> literals = literals(Files.readString(Path.of("src/main/java", fileAndText[0])));
            assertThat(literals).as(allowed).anyMatch(l -> l.text().equals(fileAndText[1]));
        }
    }

    @Test
    void plantedStatementsAreCaughtAndNamed(@TempDir Path sources) throws IOException {
        FileTrees.write(sources, "io/midicrate/cli/LeakyCommand.java", """
                class LeakyCommand {
                    // SELECT * FROM content in a comment is fine
                    String header = "SELECTED  FROM ID";
                    long n = jdbc.queryForObject("SELECT count(*) FROM content", Long.class);
                    String where = "analyzed_at IS NULL";
                    String joined = "UPDATE content SET analyzed_at = NULL "
                            + "WHERE id = ?";
                    String block = \"""
                            id, path
                            FROM location\""";
                }
                """);
        FileTrees.write(sources, "io/midicrate/store/Fine.java",
                "class Fine { String sql = \"SELECT 1 FROM content WHERE id = ?\"; }\n");
        FileTrees.write(sources, "io/midicrate/db/EmbeddedDatabaseConfig.java",
                "class X { String probe = \"SELECT 1\"; String other = \"SELECT count(*) FROM pg_stat_activity\"; }\n");

        assertThat(violations(sources)).containsExactly(
                "io/midicrate/cli/LeakyCommand.java:4: \"SELECT count(*) FROM content\"",
                "io/midicrate/cli/LeakyCommand.java:5: \"analyzed_at IS NULL\"",
                "io/midicrate/cli/LeakyCommand.java:6: \"UPDATE content SET analyzed_at = NULL\"",
                "io/midicrate/cli/LeakyCommand.java:7: \"WHERE id = ?\"",
                "io/midicrate/cli/LeakyCommand.java:10: \"id, path\"",
                "io/midicrate/db/EmbeddedDatabaseConfig.java:1: \"SELECT count(*) FROM pg_stat_activity\"");
    }
}
