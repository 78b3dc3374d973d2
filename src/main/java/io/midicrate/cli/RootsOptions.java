package io.midicrate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.midicrate.common.OperatorException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The folders an import reads, and the progress switch, shared by {@code import} and {@code run}. */
class RootsOptions {

    @Parameters(arity = "1..*", paramLabel = "ROOT", description = "Folders to import.")
    List<Path> roots;

    @Option(names = "--no-progress", description = "Do not draw the progress line.")
    boolean noProgress;

    /** Every root must be an existing folder: anything else is the operator's mistake, caught before any work. */
    List<Path> checkedRoots() {
        for (Path root : roots) {
            if (root.toString().isBlank()) {
                // Path.of("") is the current directory: an empty argument (an unset shell variable) must not import it
                throw new OperatorException("an empty folder name was given; name the folder to import");
            }
            if (!Files.exists(root)) {
                throw new OperatorException("no such folder: " + root);
            }
            if (!Files.isDirectory(root)) {
                throw new OperatorException("not a folder: " + root);
            }
        }
        return roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }
}
