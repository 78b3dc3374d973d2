package io.midicrate.web.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.library.LibraryPath;
import io.midicrate.query.FileDetails;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.query.FileDetailsQuery;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.QueryParser;
import io.midicrate.query.QuerySyntaxException;
import io.midicrate.query.SearchRow;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfParser;
import io.midicrate.smf.TempoMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * One file: everything {@code midicrate show} knows, its notes drawn from our own parser, its tempo map, and its
 * original bytes. Files are addressed by content id only: no request parameter ever names a path, and the bytes
 * served are read through the library's own paths and checked against the stored BLAKE3.
 */
@Controller
class FileController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int TEMPO_POINTS = 2_000;

    /** Files in the "Similar" panel. */
    static final int SIMILAR_SHOWN = 8;

    private final FileDetailsQuery files;
    private final LibrarySearch search;
    private final MidicrateProperties properties;

    FileController(FileDetailsQuery files, LibrarySearch search, MidicrateProperties properties) {
        this.files = files;
        this.search = search;
        this.properties = properties;
    }

    /** The bytes of a content, read through the first path that still holds them. */
    record Original(String path, byte[] bytes) {
    }

    @GetMapping("/files/{id}")
    String file(@PathVariable("id") long id, Model model) {
        FileDetails file = details(id);
        model.addAttribute("file", file);
        model.addAttribute("fileName", LibraryPath.fileName(file.names().canonicalPath()));
        model.addAttribute("analysis", file.analysis());
        model.addAttribute("facts", facts(file.analysis()));
        try {
            Original original = read(file);
            MidiFile midi = new SmfParser().parse(original.bytes(), original.bytes().length);
            PianoRoll.Drawing roll = PianoRoll.draw(midi);
            model.addAttribute("roll", roll);
            // the chords of every beat, from the notes as the analysis reads them (not stored: see schema V26)
            model.addAttribute("chordLane", ChordLane.draw(new MidiAnalyzer().analyze(midi).harmony().segments(), roll));
            model.addAttribute("tempoChart", tempoChart(midi));
            model.addAttribute("channels", channels(midi));
        } catch (FileProblem e) {
            model.addAttribute("rollProblem", "The notes cannot be drawn: " + e.getMessage());
        } catch (SmfException e) {
            model.addAttribute("rollProblem", "The notes cannot be drawn: " + e.getMessage());
        }
        model.addAttribute("similar", similar(file));
        return "file";
    }

    /** The files that sound most like this one, or null when it has no sound profile (not analysed by version 5). */
    private List<SearchRow> similar(FileDetails file) {
        try {
            return search.search(QueryParser.parse("like:" + file.id()), null, SIMILAR_SHOWN, null).rows();
        } catch (QuerySyntaxException e) {
            return null; // no sound profile: the panel says why
        }
    }

    @GetMapping("/files/{id}/original")
    ResponseEntity<byte[]> original(@PathVariable("id") long id) {
        Original original;
        try {
            original = read(details(id));
        } catch (FileProblem e) {
            throw new ResponseStatusException(HttpStatus.GONE, "the library no longer holds these bytes: " + e.getMessage());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("audio/midi"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(LibraryPath.fileName(original.path()), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(original.bytes());
    }

    private FileDetails details(long id) {
        return files.show(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "the library holds no file with id " + id));
    }

    private Original read(FileDetails file) throws FileProblem {
        List<String> paths = file.paths().stream().map(FileDetails.PathInfo::path).toList();
        var limits = properties.importJob();
        try (LibraryFileReader reader = new LibraryFileReader(limits.maxFileSize().toBytes(),
                limits.zip().maxNestedSize().toBytes())) {
            String path = reader.readContent(paths, HexFormat.of().parseHex(file.blake3()));
            return new Original(path, java.util.Arrays.copyOf(reader.bytes(), reader.length()));
        }
    }

    /** The tempo map as stepped points (seconds, BPM), capped, ending at the file's end. */
    static String tempoChart(MidiFile midi) {
        TempoMap tempo = midi.tempoMap();
        List<Map<String, Double>> points = new ArrayList<>();
        int n = Math.min(tempo.segments(), TEMPO_POINTS);
        for (int i = 0; i < n; i++) {
            points.add(Map.of("x", round(tempo.segmentSeconds(i)), "y", round(tempo.segmentBpm(i))));
        }
        points.add(Map.of("x", round(Math.max(midi.durationSeconds(), tempo.segmentSeconds(n - 1))),
                "y", round(tempo.segmentBpm(n - 1))));
        return JSON.writeValueAsString(Map.of("points", points));
    }

    /** Channels that hold notes, for the piano roll's legend. */
    static List<Integer> channels(MidiFile midi) {
        boolean[] used = new boolean[16];
        for (int i = 0; i < midi.notes().count(); i++) {
            used[midi.notes().channel(i)] = true;
        }
        List<Integer> channels = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            if (used[c]) {
                channels.add(c);
            }
        }
        return channels;
    }

    /** Every analysis column but the long ones shown elsewhere, by name, for the full table. */
    static Map<String, Object> facts(Map<String, Object> analysis) {
        Map<String, Object> facts = new LinkedHashMap<>(analysis);
        facts.remove("tempo_map");
        facts.remove("search_text");
        facts.remove("content_id");
        return facts;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
