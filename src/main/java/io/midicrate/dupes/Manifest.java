package io.midicrate.dupes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.midicrate.common.OperatorException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write-ahead record of a quarantine: a JSON file listing every planned move (original path, new path, BLAKE3,
 * size), written whole (temporary file, fsync, atomic rename) before the first file moves, and a journal beside it
 * ({@code .journal}, one JSON line per state change) appended around each move. An entry's state says where its file
 * is: {@code PLANNED} at the original path, {@code MOVING}/{@code RESTORING} at either (the one move in flight when
 * a process died), {@code MOVED} in the quarantine, {@code RESTORED} back, {@code SKIPPED}/{@code NOT_RESTORED} where
 * it was, with the reason. When a run ends, the manifest is rewritten (again atomically) with the states folded in.
 *
 * <p>Entries are streamed from and to disk: only their states are held in memory.
 */
public final class Manifest {

    public static final String FORMAT = "midicrate-dupes/1";
    static final String PREFIX = "midicrate-dupes-";
    static final String SUFFIX = ".json";
    // entries are read one at a time from inside the array: more tokens follow each one
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    public enum State { PLANNED, MOVING, MOVED, SKIPPED, RESTORING, RESTORED, NOT_RESTORED }

    /** One planned move. {@code kind} is EXACT or NEAR; {@code reason} says why an entry was skipped. */
    public record Entry(String original, String moved, String blake3, long size, String kind, State state, String reason) {
        Entry with(State newState, String newReason) {
            return new Entry(original, moved, blake3, size, kind, newState, newReason);
        }
    }

    private record JournalLine(int entry, State state, String reason) {
    }

    private final Path file;
    private final String created;
    private final String command;
    private final String quarantine;
    private String status;
    private final State[] states;
    private final Map<Integer, String> reasons = new HashMap<>();
    private FileChannel journal;

    private Manifest(Path file, String created, String command, String quarantine, String status, State[] states) {
        this.file = file;
        this.created = created;
        this.command = command;
        this.quarantine = quarantine;
        this.status = status;
        this.states = states;
    }

    public Path file() {
        return file;
    }

    public Path quarantine() {
        return Path.of(quarantine);
    }

    public String status() {
        return status;
    }

    public int size() {
        return states.length;
    }

    public State state(int index) {
        return states[index];
    }

    public long count(State state) {
        return Arrays.stream(states).filter(s -> s == state).count();
    }

    /** Writes a new manifest into {@code quarantine} (never over an existing one) and opens it. */
    public static Manifest create(Path quarantine, String command, Consumer<Consumer<Entry>> entries) {
        String created = Instant.now().toString();
        Path file = quarantine.resolve(PREFIX + created.replace(":", "").replace(".", "-") + SUFFIX);
        for (int n = 2; Files.exists(file); n++) {
            file = quarantine.resolve(PREFIX + created.replace(":", "").replace(".", "-") + "-" + n + SUFFIX);
        }
        int count = write(file, created, command, quarantine.toString(), "applying", entries);
        State[] states = new State[count];
        Arrays.fill(states, State.PLANNED);
        return new Manifest(file, created, command, quarantine.toString(), "applying", states);
    }

    /** Reads a manifest and its journal: the state of every entry. */
    public static Manifest open(Path file) {
        String[] header = new String[4];
        List<State> states = new ArrayList<>();
        Map<Integer, String> reasons = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            readHeader(parser, header, file);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Entry e = JSON.readValue(parser, Entry.class);
                if (e.reason() != null) {
                    reasons.put(states.size(), e.reason());
                }
                states.add(e.state());
            }
        } catch (NoSuchFileException e) {
            throw new OperatorException("no manifest at " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JacksonException e) {
            throw new OperatorException(file + " is not a midicrate manifest: " + e.getOriginalMessage());
        }
        Manifest m = new Manifest(file, header[1], header[2], header[3], header[0], states.toArray(new State[0]));
        m.reasons.putAll(reasons);
        m.replayJournal();
        return m;
    }

    /** The manifests in a quarantine folder, oldest first. */
    static List<Path> list(Path quarantine) {
        if (!Files.isDirectory(quarantine)) {
            return List.of();
        }
        try (var files = Files.list(quarantine)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the entries in order, each with its current state. */
    public void forEach(EntryConsumer consumer) {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            readHeader(parser, new String[4], file);
            int index = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Entry e = JSON.readValue(parser, Entry.class);
                consumer.accept(index, e.with(states[index], reasons.get(index)));
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    public interface EntryConsumer {
        void accept(int index, Entry entry);
    }

    /**
     * Records a new state for an entry: appended to the journal at once (a kill -9 loses nothing the kernel got);
     * {@link #sync()} makes it survive a power cut too.
     */
    public void record(int index, State state, String reason) {
        states[index] = state;
        if (reason != null) {
            reasons.put(index, reason);
        }
        try {
            if (journal == null) {
                journal = FileChannel.open(journalFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            byte[] line = (JSON.writeValueAsString(new JournalLine(index, state, reason)) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                journal.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + journalFile(), e);
        }
    }

    /** Forces the journal to disk. */
    public void sync() {
        if (journal != null) {
            try {
                journal.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Rewrites the manifest with every state folded in and the given status (atomically), and closes the journal. */
    public void seal(String newStatus) {
        sync();
        write(file, created, command, quarantine, newStatus, out -> forEach((index, entry) -> out.accept(entry)));
        status = newStatus;
        close();
    }

    void close() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException ignored) {
                // the journal was forced; nothing is lost
            }
            journal = null;
        }
    }

    Path journalFile() {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    private void replayJournal() {
        Path journalPath = journalFile();
        if (!Files.exists(journalPath)) {
            return;
        }
        try (BufferedReader lines = Files.newBufferedReader(journalPath, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                JournalLine j;
                try {
                    j = JSON.readValue(line, JournalLine.class);
                } catch (JacksonException torn) {
                    continue; // the last line of a process killed while writing it: its move is reconciled from the files
                }
                if (j.entry() >= 0 && j.entry() < states.length) {
                    states[j.entry()] = j.state();
                    if (j.reason() != null) {
                        reasons.put(j.entry(), j.reason());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readHeader(JsonParser parser, String[] header, Path file) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new OperatorException(file + " is not a midicrate manifest");
        }
        String format = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "format" -> format = parser.getString();
                case "status" -> header[0] = parser.getString();
                case "created" -> header[1] = parser.getString();
                case "command" -> header[2] = parser.getString();
                case "quarantine" -> header[3] = parser.getString();
                case "entries" -> {
                    if (!FORMAT.equals(format) || parser.currentToken() != JsonToken.START_ARRAY) {
                        throw new OperatorException(file + " is not a midicrate manifest (format " + format + ")");
                    }
                    return;
                }
                default -> parser.skipChildren();
            }
        }
        throw new OperatorException(file + " is not a midicrate manifest (no entries)");
    }

    /**
     * Writes a manifest to a temporary file, forces it to disk, renames it over {@code target} in one step and
     * forces the folder, so a reader sees the old file or the new one, whole. Returns the number of entries.
     */
    private static int write(Path target, String created, String command, String quarantine, String status,
                             Consumer<Consumer<Entry>> entries) {
        // the temporary name is fixed per manifest: a run killed while writing leaves one file to overwrite, not many
        Path tmp = target.resolveSibling(target.getFileName() + ".writing");
        int[] count = {0};
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringProperty("format", FORMAT);
                json.writeStringProperty("status", status);
                json.writeStringProperty("created", created);
                json.writeStringProperty("command", command);
                json.writeStringProperty("quarantine", quarantine);
                json.writeName("entries");
                json.writeStartArray();
                entries.accept(entry -> {
                    json.writeRaw("\n  ");
                    JSON.writeValue(json, entry);
                    count[0]++;
                });
                json.writeRaw("\n");
                json.writeEndArray();
                json.writeEndObject();
                json.flush();
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest " + tmp, e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the manifest in place at " + target, e);
        }
        return count[0];
    }
}
