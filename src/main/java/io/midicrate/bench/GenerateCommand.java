package io.midicrate.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic but realistic MIDI library for benchmarks: packs in nested folders and zips,",
                "type 0/1 files with tempo, key and meter, drums on channel 10, sizes like real libraries, a share of",
                "exact duplicates and a few corrupt files. Deterministic for a seed."})
public class GenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder to write into (created; should be empty).")
    Path out;

    @Mixin
    CorpusOptions corpus;

    @Override
    public Integer call() throws Exception {
        CorpusGenerator.Options options = corpus.toOptions();
        long start = System.nanoTime();
        CorpusGenerator.Summary s = new CorpusGenerator().generate(out, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("wrote %,d MIDI files (%,d distinct, %,d duplicates, %,d corrupt; %,d in %,d zips), %.1f MB in %.1f s%n",
                s.files(), s.distinctContents(), s.duplicates(), s.corrupt(), s.zipEntries(), s.zips(), s.totalBytes() / 1e6, seconds);
        return CommandLine.ExitCode.OK;
    }
}
