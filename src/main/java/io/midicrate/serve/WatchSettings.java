package io.midicrate.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code midicrate.watch.*}: folders {@code serve} imports as soon as files arrive in them (besides the schedules
 * with {@code watch: true}), and how it tells that a burst of files has ended.
 *
 * @param roots          folders to watch, imported and analysed as the schedule {@code watch} would be
 * @param mode           auto: file system events where the file system gives them, else rescans; or force one
 * @param quiet          how long nothing may change (no event, no file's size or modification time) before an import
 * @param rescanInterval how often a folder without events is walked again
 */
@ConfigurationProperties("midicrate.watch")
public record WatchSettings(@DefaultValue List<Path> roots, @DefaultValue("auto") Mode mode,
                            @DefaultValue("2s") Duration quiet, @DefaultValue("30s") Duration rescanInterval) {

    public enum Mode { AUTO, EVENTS, RESCAN }

    /** The schedule the roots of {@code midicrate.watch.roots} are imported as. */
    public Schedule schedule() {
        return new Schedule("watch", null, roots.stream().map(p -> p.toAbsolutePath().normalize()).toList(), true, false,
                true, null);
    }
}
