package io.midicrate.bench;

import io.midicrate.common.OperatorException;
import picocli.CommandLine.Option;

/** The shape of a generated library, shared by {@code generate} and {@code bench}. */
class CorpusOptions {

    @Option(names = "--files", defaultValue = "100000", description = "MIDI files to write, zip entries included (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--duplicates", defaultValue = "0.7", description = "Share of exact duplicates (default ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--corrupt", defaultValue = "0.01", description = "Share of corrupt files (default ${DEFAULT-VALUE}).")
    double corrupt;

    @Option(names = "--zipped", defaultValue = "0.2", description = "Share of files written inside zips (default ${DEFAULT-VALUE}).")
    double zipped;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    CorpusGenerator.Options toOptions() {
        if (files < 1) {
            throw new OperatorException("--files must be at least 1");
        }
        for (double share : new double[] {duplicates, corrupt, zipped}) {
            if (share < 0 || share > 1) {
                throw new OperatorException("--duplicates, --corrupt and --zipped are shares between 0 and 1");
            }
        }
        return new CorpusGenerator.Options(files, duplicates, corrupt, zipped, seed);
    }
}
