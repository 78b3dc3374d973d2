package io.midicrate.web.audition;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import io.midicrate.audition.AuditionOptions;
import io.midicrate.audition.Rendered;
import io.midicrate.audition.Renderer;
import io.midicrate.audition.SoundFonts;
import io.midicrate.library.ContentHash;

/**
 * The page's previews: the renderer with the SoundFont chosen once at start, the disk cache, and the bound on renders
 * running at once. A preview renders into the response and the cache together, so the first second is heard while
 * the rest is made.
 */
@Component
@ConditionalOnWebApplication
class Previews {

    private static final Logger log = LoggerFactory.getLogger(Previews.class);
    /** how long a preview waits for a render slot before the page is told the server is busy */
    static final long WAIT_SECONDS = 20;

    private final Renderer renderer;
    private final PreviewCache cache;
    private final Semaphore renders;
    /** the SoundFont's part of every cache key: another SoundFont, other audio */
    private final String soundKey;

    Previews(PreviewProperties properties) {
        SoundFonts.Choice sound = SoundFonts.choose(properties.soundfont());
        if (sound.warning() != null) {
            log.warn(sound.warning());
        }
        this.renderer = new Renderer(sound);
        Path dir = properties.cacheDir() != null ? properties.cacheDir() : Path.of(System.getProperty("java.io.tmpdir"), "midicrate-previews");
        this.cache = new PreviewCache(dir.toAbsolutePath().normalize(), properties.cacheMaxBytes().toBytes());
        this.renders = new Semaphore(properties.rendersAtOnce(), true);
        this.soundKey = HexFormat.of().formatHex(new ContentHash().of(sound.source().getBytes(StandardCharsets.UTF_8)), 0, 4);
    }

    SoundFonts.Choice sound() {
        return renderer.sound();
    }

    Renderer renderer() {
        return renderer;
    }

    /** The cache key of a content's preview with these options. */
    String key(byte[] blake3, AuditionOptions options) {
        return HexFormat.of().formatHex(blake3) + "-" + AuditionParams.normalised(options) + "-" + soundKey;
    }

    Optional<Path> cached(String key) {
        return cache.get(key);
    }

    /** No render slot came free in time. */
    static final class Busy extends Exception {
        Busy() {
            super("the server is rendering other previews; try again", null, false, false);
        }
    }

    /**
     * Renders a prepared preview as a WAV into {@code out} and into the cache at once. When {@code out} fails (the
     * listener moved on) the render stops and nothing is cached.
     */
    Path render(String key, Renderer.Prepared prepared, OutputStream out) throws IOException, Busy {
        try {
            if (!renders.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        Path temporary = cache.temporary(key);
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                OutputStream both = new Tee(out, file);
                both.write(Rendered.wavHeader(Renderer.FORMAT, prepared.frames()));
                renderer.stream(prepared, both);
            }
            return cache.commit(temporary, key);
        } finally {
            renders.release();
            cache.discard(temporary); // gone already when committed
        }
    }

    long wavBytes(Renderer.Prepared prepared) {
        return Rendered.WAV_HEADER_BYTES + prepared.pcmBytes();
    }

    /** Writes to the listener and the cache file; a flush reaches the listener (the file buffers). */
    private static final class Tee extends OutputStream {
        private final OutputStream listener;
        private final OutputStream file;

        Tee(OutputStream listener, OutputStream file) {
            this.listener = listener;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            listener.write(b);
            file.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            listener.write(b, off, len);
            file.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            listener.flush();
        }
    }
}
