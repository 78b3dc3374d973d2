package io.midicrate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.midicrate.corpus.CorpusGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic but realistic MIDI library for benchmarks: packs in nested folders and zips,",
                "type 0/1 files with tempo, key and meter, drums on channel 10, sizes like real libraries, a share of",
                "exact duplicates and a few corrupt files. Deterministic for a seed."})
class GenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder to write into (created; should be empty).")
    Path out;

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

    @Override
    public Integer call() throws Exception {
        CorpusGenerator.Options options = options(files, duplicates, corrupt, zipped, seed);
        long start = System.nanoTime();
        CorpusGenerator.Summary s = new CorpusGenerator().generate(out, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("wrote %,d MIDI files (%,d distinct, %,d duplicates, %,d corrupt; %,d in %,d zips), %.1f MB in %.1f s%n",
                s.files(), s.distinctContents(), s.duplicates(), s.corrupt(), s.zipEntries(), s.zips(), s.totalBytes() / 1e6, seconds);
        return MidicrateCli.OK;
    }

    static CorpusGenerator.Options options(int files, double duplicates, double corrupt, double zipped, long seed) {
        if (files < 1) {
            throw new io.midicrate.batch.OperatorException("--files must be at least 1");
        }
        for (double share : new double[] {duplicates, corrupt, zipped}) {
            if (share < 0 || share > 1) {
                throw new io.midicrate.batch.OperatorException("shares must be between 0 and 1");
            }
        }
        return new CorpusGenerator.Options(files, duplicates, corrupt, zipped, seed);
    }
}
