package io.midicrate.web.audition;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.midicrate.audition.Retune;
import io.midicrate.common.OperatorException;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryPath;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfSplitter;
import io.midicrate.smf.SmfTransformer;
import io.midicrate.store.library.ExportSources.Source;

/**
 * {@code GET /file/{id}.mid?to=KEY|transpose=±N&bpm=N}: a content as MIDI in another key and tempo (the page's
 * download link and the file a row is dragged out as), named after the key and tempo it has, e.g.
 * {@code loop (A minor, 92 bpm).mid}. Written by {@link SmfTransformer}, so every other byte is the original's.
 */
@Controller
class MidiController {

    static final MediaType MIDI = MediaType.parseMediaType("audio/midi");

    private final LibraryBytes library;

    MidiController(LibraryBytes library) {
        this.library = library;
    }

    @GetMapping("/file/{id}.mid")
    ResponseEntity<?> midi(@PathVariable("id") String id,
                           @RequestParam(name = "transpose", required = false) String transpose,
                           @RequestParam(name = "to", required = false) String to,
                           @RequestParam(name = "bpm", required = false) String bpm) {
        Retune retune = AuditionParams.parse(transpose, to, bpm, null, null).retune();
        long contentId;
        try {
            contentId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new OperatorException("'" + id + "' is not a content id");
        }
        Source source = library.source(contentId).orElse(null);
        if (source == null) {
            return PreviewController.line(HttpStatus.NOT_FOUND, "the library holds no file with id " + contentId);
        }
        LibraryBytes.Read read;
        try {
            read = library.read(source);
        } catch (FileProblem e) {
            return PreviewController.line(HttpStatus.GONE, "the library no longer holds file " + contentId + ": " + e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = SmfTransformer.transform(read.bytes(), read.bytes().length, retune.semitones(source.key()), retune.bpm());
        } catch (SmfException | SmfSplitter.CannotSplit e) {
            return PreviewController.line(HttpStatus.UNPROCESSABLE_CONTENT, "cannot rewrite this file: " + e.getMessage());
        }
        String stem = LibraryPath.fileName(read.path()).replaceFirst("(?i)\\.(midi?|kar|rmi)$", "");
        String name = retune.name(stem, source.key(), source.bpm()) + ".mid";
        return ResponseEntity.ok().contentType(MIDI)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes);
    }

    @ExceptionHandler(OperatorException.class)
    ResponseEntity<String> mistake(OperatorException e) {
        return PreviewController.line(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
