package io.midicrate.dupes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.support.ChildProcess;
import io.midicrate.support.JobTest;
import io.midicrate.support.FileTrees;
import io.midicrate.support.TestMidi;
import io.midicrate.support.Triggers;

/**
 * kill -9 of a real {@code midicrate dupes --apply} mid-run: every file is at its old or its new place, the manifest
 * says which, and running the same command again finishes the job; then {@code --undo} gives back the tree.
 */
class DupesKillTest extends JobTest {
    @Autowired
    Dedup dedup;

    @Test
    void killedApplyLeavesEveryFileInOnePlaceAndTheSameCommandFinishesIt() throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 400; i++) {
            TestMidi.write(lib.resolve("p" + (i % 4) + "/f" + (i / 4) + ".mid"), TestMidi.smf(i / 4)); // 100 contents x 4
        }
        Map<String, byte[]> before = FileTrees.tree(lib);
        runner.start(importJob, ImportJobConfig.parameters(List.of(lib.toAbsolutePath().normalize())));
        Path quarantine = tmp.resolve("quarantine");

        // the plan, through the real command line: exactly the paths that would move, and nothing written
        Path planLog = tmp.resolve("plan.log");
        Process plan = ChildProcess.start(planLog, Map.of(), "dupes", "--plan", "--to", quarantine.toString());
        assertThat(plan.waitFor(10, TimeUnit.MINUTES)).isTrue();
        List<String> lines = Files.readAllLines(planLog);
        assertThat(plan.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines.stream().filter(l -> l.startsWith("move  "))).hasSize(300)
                .allMatch(l -> l.contains("  ->  " + quarantine.toAbsolutePath()));
        assertThat(lines.stream().filter(l -> l.startsWith("keep  "))).hasSize(100);
        assertThat(lines).anyMatch(l -> l.startsWith("plan: 300 files") && l.contains("nothing was written"));
        assertThat(quarantine).doesNotExist();
        assertThat(FileTrees.tree(lib)).hasSize(400);

        // slow the rows' updates so the kill lands while files are moving and rows are being marked
        Triggers.slowUpdates(jdbc, "location", 0.05);
        Path log = tmp.resolve("child.log");
        try {
            Process child = ChildProcess.start(log, Map.of(), "dupes", "--apply", "--to", quarantine.toString(), "--no-progress");
            // a JVM starting on a busy machine can take long: count the two minutes of killAfter from the manifest on
            Instant started = Instant.now();
            while (Manifest.list(quarantine).isEmpty()) {
                assertThat(child.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(Instant.now()).as("no manifest after 10 minutes").isBefore(started.plus(Duration.ofMinutes(10)));
                Thread.sleep(50);
            }
            ChildProcess.killAfter(child, log, () -> filesUnder(quarantine.resolve(lib.getRoot().relativize(lib))), 150);
        } finally {
            Triggers.drop(jdbc, "location");
        }

        List<Path> manifests = Manifest.list(quarantine);
        assertThat(manifests).hasSize(1);
        Manifest killed = Manifest.open(manifests.get(0));
        assertThat(killed.status()).isEqualTo("applying");
        assertThat(killed.size()).isEqualTo(300);
        long moved = killed.count(Manifest.State.MOVED);
        assertThat(moved).as("killed mid-run").isBetween(150L, 299L);
        // every file in exactly one place, and where the manifest says
        List<String> misplaced = new ArrayList<>();
        killed.forEach((i, e) -> {
            boolean old = Files.exists(Path.of(e.original()));
            boolean moved2 = Files.exists(Path.of(e.moved()));
            boolean ok = switch (e.state()) {
                case PLANNED -> old && !moved2;
                case MOVING -> old ^ moved2;
                case MOVED -> !old && moved2;
                default -> false;
            };
            if (!ok) {
                misplaced.add(e.state() + " " + e.original() + " old=" + old + " new=" + moved2);
            }
        });
        assertThat(misplaced).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class))
                .as("rows lag the files at most").isLessThanOrEqualTo(moved);

        // the same command again finishes the job
        Process again = ChildProcess.start(log, Map.of(), "dupes", "--apply", "--to", quarantine.toString(), "--no-progress");
        assertThat(again.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(again.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("finished " + manifests.get(0));

        assertThat(Manifest.list(quarantine)).as("no second manifest: nothing was left to plan").hasSize(1);
        Manifest finished = Manifest.open(manifests.get(0));
        assertThat(finished.status()).isEqualTo("applied");
        assertThat(finished.count(Manifest.State.MOVED)).isEqualTo(300);
        assertThat(FileTrees.tree(lib)).hasSize(100);
        assertThat(filesUnder(quarantine.resolve(lib.getRoot().relativize(lib)))).isEqualTo(300);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class)).isEqualTo(300);

        dedup.undo(manifests.get(0), n -> { });
        assertThat(FileTrees.tree(lib)).usingRecursiveComparison().isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location WHERE moved_to IS NOT NULL", Long.class)).isZero();
    }

    static long filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // a folder changing under the walk: ask again
        }
    }
}
