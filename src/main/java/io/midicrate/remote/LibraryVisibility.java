package io.midicrate.remote;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import io.midicrate.library.LibraryPath;
import io.midicrate.library.PathMap;
import io.midicrate.store.library.Locations;

/**
 * Whether this worker sees the files of a partition, checked before it runs one; otherwise a worker on a machine
 * without the library mounted (or with a wrong {@code midicrate.paths.map}) would record every file of the
 * partition as vanished. The rule: the partition's first file (lowest id) is opened where this machine sees it; if
 * it is not readable, the library root it was imported under (mapped) must be a readable, non-empty folder. A root
 * that is missing, unreadable or empty (an unmounted mount point) fails the partition naming the path and the worker;
 * a root that is there means only that file has gone, and the step records it as usual.
 */
@Component
class LibraryVisibility {

    private final Locations locations;
    private final PathMap pathMap;

    LibraryVisibility(Locations locations, PathMap pathMap) {
        this.locations = locations;
        this.pathMap = pathMap;
    }

    /** Why this worker cannot see the partition's files, or null when it can (or the partition is empty). */
    String problem(StepExecution partition, String workerLabel) {
        var context = partition.getExecutionContext();
        if (context.getLong("rows", 1) == 0 || !context.containsKey("minId")) {
            return null;
        }
        long first = context.getLong("minId");
        String stored = partition.getStepName().startsWith("import") ? locations.candidatePath(first)
                : locations.firstLivePath(first);
        if (stored == null) {
            return null;
        }
        String file = LibraryPath.segments(stored).get(0);
        Path local = Path.of(pathMap.toLocal(file));
        if (Files.isReadable(local)) {
            return null;
        }
        Path storedRoot = locations.roots().stream().filter(root -> Path.of(file).startsWith(root))
                .max(Comparator.comparingInt(Path::getNameCount))
                .orElse(Path.of(file).getParent());
        if (storedRoot == null) {
            return null;
        }
        Path root = Path.of(pathMap.toLocal(storedRoot.toString()));
        String why = rootProblem(root);
        if (why == null) {
            return null;
        }
        String mapped = root.equals(storedRoot) ? "" : " (stored as " + storedRoot + ", mapped by midicrate.paths.map)";
        return "worker " + workerLabel + " cannot see the library's files: " + root + mapped + " " + why
                + "; mount the library there, or map the stored path with midicrate.paths.map on this worker (first file: "
                + stored + ")";
    }

    private static String rootProblem(Path root) {
        if (!Files.exists(root)) {
            return "does not exist";
        }
        if (!Files.isDirectory(root)) {
            return "is not a folder";
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            return entries.iterator().hasNext() ? null : "is empty (not mounted?)";
        } catch (IOException | SecurityException e) {
            return "cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }
}
