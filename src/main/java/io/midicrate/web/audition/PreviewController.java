package io.midicrate.web.audition;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import io.midicrate.audition.AuditionOptions;
import io.midicrate.audition.Renderer;
import io.midicrate.common.OperatorException;
import io.midicrate.library.FileProblem;
import io.midicrate.store.library.ExportSources.Source;

/**
 * {@code GET /preview/{id}.wav}: a content's first bars rendered with real instruments, in the options {@code play}
 * takes ({@code transpose} or {@code to}, {@code bpm}, {@code drums}, {@code bars}). A cached preview is served as a
 * file, with range requests (206); a new one streams as it renders (its length is known before the first sample, so
 * the response carries it) and is cached on the way. Mistakes are one line of text: 400 for an option, 404 for an
 * unknown id, 410 when no path holds the bytes any more, 422 when the file cannot be played, 503 when every render
 * slot stayed busy.
 */
@Controller
@ConditionalOnWebApplication
class PreviewController {

    static final MediaType WAV = MediaType.parseMediaType("audio/wav");
    /** says whether the preview came from the cache (hit) or was rendered for this request (miss) */
    static final String CACHE_HEADER = "X-Preview-Cache";

    private final Previews previews;
    private final LibraryBytes library;

    PreviewController(Previews previews, LibraryBytes library) {
        this.previews = previews;
        this.library = library;
    }

    @GetMapping("/preview/{id}.wav")
    ResponseEntity<?> preview(@PathVariable("id") String id,
                              @RequestParam(name = "transpose", required = false) String transpose,
                              @RequestParam(name = "to", required = false) String to,
                              @RequestParam(name = "bpm", required = false) String bpm,
                              @RequestParam(name = "drums", required = false) String drums,
                              @RequestParam(name = "bars", required = false) String bars,
                              @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
                              HttpServletResponse response) throws IOException {
        AuditionParams params = AuditionParams.parse(transpose, to, bpm, drums, bars);
        Source source = source(id);
        AuditionOptions options = params.options(source.key());
        String key = previews.key(source.blake3(), options);
        Optional<Path> cached = previews.cached(key);
        if (cached.isPresent()) {
            return wav(cached.get(), "hit");
        }
        LibraryBytes.Read read;
        try {
            read = library.read(source);
        } catch (FileProblem e) {
            return line(HttpStatus.GONE, "the library no longer holds file " + source.contentId() + ": " + e.getMessage());
        }
        Renderer.Prepared prepared;
        try {
            prepared = previews.renderer().prepare(read.bytes(), options);
        } catch (Renderer.Unplayable e) {
            return line(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        }
        try {
            if (range != null && !range.replace(" ", "").startsWith("bytes=0-")) {
                // a part further in (a seek before the first render ended): render whole, then serve the part
                return wav(previews.render(key, prepared, OutputStream.nullOutputStream()), "miss");
            }
            response.setContentType(WAV.toString());
            response.setContentLengthLong(previews.wavBytes(prepared));
            response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            response.setHeader(CACHE_HEADER, "miss");
            previews.render(key, prepared, response.getOutputStream());
        } catch (Previews.Busy busy) {
            return line(HttpStatus.SERVICE_UNAVAILABLE, busy.getMessage());
        } catch (IOException listenerGone) {
            // the browser moved on (another row, stop): the render stopped, nothing was cached
        }
        return null; // written
    }

    private Source source(String id) {
        long contentId;
        try {
            contentId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new OperatorException("'" + id + "' is not a content id");
        }
        return library.source(contentId).orElseThrow(() -> new NoSuchFile(contentId));
    }

    static ResponseEntity<FileSystemResource> wav(Path file, String cache) {
        return ResponseEntity.ok().contentType(WAV).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(CACHE_HEADER, cache).body(new FileSystemResource(file));
    }

    static ResponseEntity<String> line(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }

    /** No content with this id. */
    static final class NoSuchFile extends RuntimeException {
        NoSuchFile(long id) {
            super("the library holds no file with id " + id, null, false, false);
        }
    }

    @ExceptionHandler(OperatorException.class)
    ResponseEntity<String> mistake(OperatorException e) {
        return line(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NoSuchFile.class)
    ResponseEntity<String> unknown(NoSuchFile e) {
        return line(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
