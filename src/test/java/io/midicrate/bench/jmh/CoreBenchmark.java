package io.midicrate.bench.jmh;

import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.corpus.Corpus;
import io.midicrate.smf.SmfParser;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation = the whole corpus (158 files, 2.37 MB) once, single-threaded: divide by 158 for per-file time and
 * take bytes / time for MB/s. {@code javax.sound.midi} parses the same files for comparison.
 * Run instructions: docs/core-benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CoreBenchmark {

    @Param({"src/test/resources/corpus"})
    public String corpus;

    private byte[][] files;
    private final SmfParser parser = new SmfParser();
    private final MidiAnalyzer analyzer = new MidiAnalyzer();

    @Setup
    public void load() {
        List<Corpus.Entry> entries = Corpus.load(Path.of(corpus));
        files = new byte[entries.size()][];
        for (int i = 0; i < files.length; i++) {
            files[i] = entries.get(i).bytes();
        }
    }

    @Benchmark
    public void parseCorpus(Blackhole bh) {
        for (byte[] f : files) {
            bh.consume(parser.parse(f, f.length));
        }
    }

    /** The parse the analyser uses: notes in the parser's reused buffers, nothing allocated per note. */
    @Benchmark
    public void parseTransientCorpus(Blackhole bh) {
        for (byte[] f : files) {
            bh.consume(parser.parseTransient(f, f.length));
        }
    }

    @Benchmark
    public void parseAndAnalyzeCorpus(Blackhole bh) {
        for (byte[] f : files) {
            bh.consume(analyzer.analyze(f, f.length));
        }
    }

    @Benchmark
    public void javaxSoundMidiCorpus(Blackhole bh) throws Exception {
        for (byte[] f : files) {
            try {
                Sequence s = MidiSystem.getSequence(new ByteArrayInputStream(f));
                bh.consume(s);
            } catch (javax.sound.midi.InvalidMidiDataException e) {
                bh.consume(e); // the JDK rejects some corpus files (RMID, odd chunks) that our parser reads
            }
        }
    }
}
