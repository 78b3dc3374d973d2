package io.midicrate.serve;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Imports (and analyses) the roots of the watching schedules soon after files arrive in them, as their cron firing
 * would: the same {@link ScheduleRunner}, so the same jobs, locks and skip rules. A root is followed by file system
 * events where the file system gives them, else by walking it again every {@code rescan-interval} (network file
 * systems, whose changes made on other machines raise no event here). A burst of changes ends, and the import
 * starts, once nothing has changed for {@code quiet}: no event, and no changed size or modification time of a file
 * that changed (so a file still being written is not read half-way; a rescan compares whole walks). Changes during
 * a run start another run once they settle. One thread follows every root; one more runs the imports, one at a time.
 */
@Component
public class FolderWatcher implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
    private static final long TICK_MILLIS = 200;
    /** File system types whose changes made elsewhere raise no event on this machine. */
    private static final Set<String> NETWORK_FILE_SYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs",
            "9p", "afs", "ncpfs", "ceph", "glusterfs", "lustre", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs",
            "fuse.davfs2", "fuse.glusterfs", "fuse.gcsfuse");

    private final ScheduleRunner runner;
    private final List<Watched> watched = new ArrayList<>();
    private final Map<WatchKey, Folder> folders = new HashMap<>();
    private volatile WatchService events;
    private ExecutorService runs;
    private Thread loop;
    private long quietNanos;
    private long rescanNanos;
    private CountDownLatch ready = new CountDownLatch(0);
    private volatile boolean running;

    public FolderWatcher(ScheduleRunner runner) {
        this.runner = runner;
    }

    /**
     * Starts watching the roots of the schedules that watch and of {@code settings.roots}. Returns one line per root
     * saying how it is followed, or why it is not (missing or unreadable: serve goes on without it).
     */
    public synchronized List<String> watch(List<Schedule> schedules, WatchSettings settings) {
        List<Schedule> watching = new ArrayList<>(schedules.stream().filter(Schedule::watch).toList());
        if (!settings.roots().isEmpty()) {
            watching.add(settings.schedule());
        }
        List<String> notices = new ArrayList<>();
        if (watching.isEmpty() || running) {
            return notices;
        }
        quietNanos = settings.quiet().toNanos();
        rescanNanos = settings.rescanInterval().toNanos();
        for (Schedule schedule : watching) {
            Watched w = new Watched(schedule);
            for (Path root : schedule.roots()) {
                String how = follow(w, root, settings.mode());
                notices.add("watch " + root + " (schedule " + schedule.name() + "): " + how);
                log.info("Watch {} (schedule {}): {}", root, schedule.name(), how);
            }
            if (!w.eventRoots.isEmpty() || !w.rescanRoots.isEmpty()) {
                w.importOnlyWatchedRoots();
                watched.add(w);
            }
        }
        if (watched.isEmpty()) {
            return notices;
        }
        runs = Executors.newSingleThreadExecutor(r -> new Thread(r, "watch-run"));
        ready = new CountDownLatch(1);
        running = true;
        loop = new Thread(this::loop, "watch");
        loop.setDaemon(true);
        loop.start();
        return notices;
    }

    /** How the root will be followed, deciding between events and rescans. */
    private String follow(Watched w, Path root, WatchSettings.Mode mode) {
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            return Files.exists(root) ? "not a readable folder: not watched" : "no such folder: not watched";
        }
        String noEvents = switch (mode) {
            case RESCAN -> "midicrate.watch.mode is rescan";
            case EVENTS -> null;
            case AUTO -> whyNoEvents(root);
        };
        if (noEvents == null) {
            w.eventRoots.add(root);
            return "file system events";
        }
        w.rescanRoots.add(root);
        return "a rescan every " + seconds(rescanNanos) + " (" + noEvents + ")";
    }

    private String whyNoEvents(Path root) {
        try {
            String type = Files.getFileStore(root).type();
            if (NETWORK_FILE_SYSTEMS.contains(type)) {
                return "a " + type + " file system gives no events for changes made on other machines";
            }
            try (WatchService probe = root.getFileSystem().newWatchService()) {
                if (probe.getClass().getName().contains("Polling")) {
                    return "this platform's watch service polls";
                }
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "no events here: " + e.getMessage();
        }
    }

    /** Waits until every root is registered; true when it was in time. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        try {
            start(System.nanoTime());
        } finally {
            ready.countDown();
        }
        while (running) {
            try {
                WatchKey key = events == null ? sleep() : events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                while (key != null) {
                    changed(key, now);
                    key = events.poll();
                }
                for (Watched w : watched) {
                    tick(w, now);
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a root that vanished, a database away: the next tick tries again, serve goes on
                log.warn("Watch: {}", e.toString());
            }
        }
    }

    private WatchKey sleep() throws InterruptedException {
        Thread.sleep(TICK_MILLIS);
        return null;
    }

    private void start(long now) {
        for (Watched w : watched) {
            for (Path root : List.copyOf(w.eventRoots)) {
                try {
                    int registered = register(w, root, false);
                    log.info("Watch {}: events from {} folder(s)", root, registered);
                } catch (IOException e) {
                    fallBack(w, root, e);
                }
            }
            for (Path root : w.rescanRoots) {
                w.signatures.put(root, signature(root));
            }
            w.nextRescan = now + rescanNanos;
        }
    }

    private void fallBack(Watched w, Path root, IOException e) {
        w.eventRoots.remove(root);
        w.rescanRoots.add(root);
        w.signatures.put(root, signature(root));
        log.warn("Watch {}: events unavailable ({}): a rescan every {} instead", root, e.getMessage(), seconds(rescanNanos));
    }

    /** Registers the folder and every folder below it; with {@code touch}, their files count as changed. */
    private int register(Watched w, Path top, boolean touch) throws IOException {
        if (events == null) {
            events = FileSystems.getDefault().newWatchService();
        }
        int[] count = {0};
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                folders.put(dir.register(events, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), new Folder(w, dir));
                count[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (touch) {
                    w.touched.put(file, FileState.of(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    private void changed(WatchKey key, long now) {
        Folder folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (folder == null) {
                continue;
            }
            Watched w = folder.owner();
            w.changed(now);
            if (!(event.context() instanceof Path name)) {
                continue; // OVERFLOW: events were lost; the import walks everything anyway
            }
            Path child = folder.dir().resolve(name);
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                // files may land in a new folder before it is registered: they count as changed from here
                try {
                    register(w, child, true);
                } catch (IOException e) {
                    w.eventRoots.stream().filter(child::startsWith).findFirst().ifPresent(root -> fallBack(w, root, e));
                }
            } else {
                w.touched.put(child, FileState.of(child));
            }
        }
        if (!key.reset()) {
            folders.remove(key);
        }
    }

    private void tick(Watched w, long now) {
        if (w.retry) {
            w.retry = false;
            w.changed(now);
        }
        if (!w.rescanRoots.isEmpty() && now - w.nextRescan >= 0) {
            w.nextRescan = now + rescanNanos;
            rescan(w, now);
        }
        if (!w.dirty || (w.run != null && !w.run.isDone())) {
            return; // changes during a run keep it dirty: another run follows once they settle
        }
        for (Map.Entry<Path, FileState> file : w.touched.entrySet()) {
            FileState state = FileState.of(file.getKey());
            if (!Objects.equals(state, file.getValue())) {
                file.setValue(state);
                w.lastChange = now;
            }
        }
        if (now - w.lastChange < quietNanos) {
            return;
        }
        // a rescan's change is trusted once a second walk finds the same
        if (!w.rescanRoots.isEmpty() && rescan(w, now)) {
            return;
        }
        if (runner.busy(w.schedule)) {
            return; // an import (or this schedule's cron run) is going: this one waits for it, never overlaps
        }
        w.dirty = false;
        w.touched.clear();
        w.run = runs.submit(() -> {
            log.info("Watch: files arrived in {}: running schedule {}", w.schedule.roots(), w.schedule.name());
            if (runner.fire(w.schedule) == ScheduleRunner.Outcome.SKIPPED) {
                w.retry = true;
            }
        });
    }

    /** Walks the rescanned roots; true when one changed since the last walk. */
    private boolean rescan(Watched w, long now) {
        boolean changed = false;
        for (Path root : w.rescanRoots) {
            Long before = w.signatures.put(root, signature(root));
            if (!Objects.equals(before, w.signatures.get(root))) {
                changed = true;
            }
        }
        if (changed) {
            w.changed(now);
        }
        return changed;
    }

    /** The paths, sizes and modification times of every file below the root, as one number. */
    static long signature(Path root) {
        long[] sum = {0, 0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    long h = file.hashCode();
                    h = h * 1_000_003L + attrs.size();
                    h = h * 1_000_003L + attrs.lastModifiedTime().toMillis();
                    sum[0] += h * 0x9E3779B97F4A7C15L;
                    sum[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Watch {}: cannot walk it: {}", root, e.getMessage());
        }
        return sum[0] * 31 + sum[1];
    }

    private static String seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds() + " s";
    }

    @Override
    public void start() {
        // started by watch(), never automatically
    }

    @Override
    public boolean isAutoStartup() {
        return false;
    }

    /** Stops following the roots; a run in progress ends as the schedules' do (GracefulStop). */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            if (events != null) {
                events.close();
            }
            loop.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            log.warn("Watch: closing the watch service: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runs.shutdown();
        events = null;
        folders.clear();
        watched.clear();
        log.info("Watch stopped: no new import starts");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public synchronized void destroy() {
        stop();
    }

    /** One schedule's roots and what has changed in them; touched by the loop thread only (retry aside). */
    private static final class Watched {
        Schedule schedule;
        final List<Path> eventRoots = new ArrayList<>();
        final List<Path> rescanRoots = new ArrayList<>();
        final Map<Path, Long> signatures = new HashMap<>();
        final Map<Path, FileState> touched = new HashMap<>();
        boolean dirty;
        long lastChange;
        long nextRescan;
        Future<?> run;
        volatile boolean retry;

        Watched(Schedule schedule) {
            this.schedule = schedule;
        }

        /** A root that is not watched is not imported either: it stays out until serve starts again. */
        void importOnlyWatchedRoots() {
            List<Path> roots = schedule.roots().stream().filter(r -> eventRoots.contains(r) || rescanRoots.contains(r)).toList();
            schedule = new Schedule(schedule.name(), schedule.cron(), roots, schedule.analyze(), schedule.retryFailed(),
                    true, schedule.file());
        }

        void changed(long now) {
            dirty = true;
            lastChange = now;
        }
    }

    private record Folder(Watched owner, Path dir) {
    }

    /** A file's size and modification time, or null when it is gone. */
    private record FileState(long size, long modified) {
        static FileState of(Path file) {
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new FileState(attrs.size(), attrs.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return null;
            }
        }
    }
}
