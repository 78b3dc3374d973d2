package io.midicrate.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** (Jackson 2 from Flyway: Jackson 3 is not on this project's classpath.) The shared real-MIDI corpus ({@code src/test/resources/corpus}, a copy of the third-party files with their licences) and mido's facts about each file ({@code reference.json}). */
public final class Corpus {

    /** One corpus file: its bytes and its reference.json entry. */
    public record Entry(String path, byte[] bytes, JsonNode reference) {
    }

    private static List<Entry> cached;

    private Corpus() {
    }

    public static Path dir() {
        Path dir = Path.of(System.getProperty("midicrate.corpus", Path.of("src", "test", "resources", "corpus").toString())).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("reference.json"))) {
            throw new IllegalStateException("MIDI corpus missing: expected " + dir + "/reference.json (the test corpus inside the repository)");
        }
        return dir;
    }

    public static synchronized List<Entry> entries() {
        if (cached == null) {
            cached = load(dir());
        }
        return cached;
    }

    public static List<Entry> load(Path dir) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode root = mapper.readTree(dir.resolve("reference.json").toFile());
            List<Entry> out = new ArrayList<>();
            for (JsonNode f : root.get("files")) {
                String path = f.get("path").asText();
                out.add(new Entry(path, Files.readAllBytes(dir.resolve(path)), f));
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("reference.json lists no file");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
