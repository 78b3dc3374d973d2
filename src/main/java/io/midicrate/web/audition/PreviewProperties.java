package io.midicrate.web.audition;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How {@code serve} renders and keeps previews.
 *
 * @param soundfont     the General MIDI SoundFont (blank: the system's, else the JDK's bank), as {@code play} reads it
 * @param cacheDir      where rendered previews are kept, by content hash and options
 * @param cacheMaxBytes the cache's size cap; the least recently played previews go first
 * @param renders       previews rendered at once (0: half the cores, at least one); more wait their turn, so that
 *                      auditioning never takes every core from the other pages
 */
@ConfigurationProperties("midicrate.preview")
public record PreviewProperties(@DefaultValue("") String soundfont, Path cacheDir,
                                @DefaultValue("512MB") DataSize cacheMaxBytes, @DefaultValue("0") int renders) {

    public PreviewProperties {
        if (renders < 0) {
            throw new IllegalArgumentException("midicrate.preview.renders must be 0 (automatic) or more, not " + renders);
        }
    }

    public int rendersAtOnce() {
        return renders > 0 ? renders : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
