package io.midicrate.web.audition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview cache keeps the most recently played previews under its cap and never serves a partial one. */
class PreviewCacheTest {

    @TempDir
    Path dir;

    /** Renders a preview of {@code size} bytes into the cache, as if played {@code ago} seconds ago. */
    static Path put(PreviewCache cache, String key, int size, long ago) throws Exception {
        Path temporary = cache.temporary(key);
        Files.write(temporary, new byte[size]);
        Path file = cache.commit(temporary, key);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - ago * 1000));
        return file;
    }

    @Test
    void theLeastRecentlyPlayedGoFirstWhenTheCapIsPassed() throws Exception {
        PreviewCache cache = new PreviewCache(dir, 2_500);
        put(cache, "old", 1_000, 300);
        put(cache, "middle", 1_000, 200);
        assertThat(cache.get("old")).isPresent(); // played again now: the most recent
        put(cache, "new", 1_000, 0);             // 3,000 bytes > 2,500: the least recently played goes
        assertThat(cache.get("middle")).isEmpty();
        assertThat(cache.get("old")).isPresent();
        assertThat(cache.get("new")).isPresent();
    }

    @Test
    void aPreviewLargerThanTheCapIsKeptUntilTheNextOne() throws Exception {
        PreviewCache cache = new PreviewCache(dir, 500);
        put(cache, "big", 1_000, 0);
        assertThat(cache.get("big")).isPresent();
        put(cache, "next", 100, 0);
        assertThat(cache.get("big")).isEmpty();
        assertThat(cache.get("next")).isPresent();
    }

    @Test
    void partialRendersAreNeverServedAndAreRemovedAtStart() throws Exception {
        PreviewCache cache = new PreviewCache(dir, 10_000);
        Path partial = cache.temporary("k");
        Files.write(partial, new byte[10]);
        assertThat(cache.get("k")).isEmpty();
        cache.discard(partial);
        assertThat(partial).doesNotExist();
        Path left = cache.temporary("k2");
        Files.write(left, new byte[10]); // a server stopped mid-render
        new PreviewCache(dir, 10_000);
        assertThat(left).doesNotExist();
    }
}
