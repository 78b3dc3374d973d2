package io.midicrate.bench.jmh;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.codec.digest.Blake3;
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

import io.midicrate.corpus.Corpus;
import io.midicrate.library.ContentHash;

/**
 * BLAKE3-256 of the whole corpus (158 files, 2.37 MB) per operation, single-threaded: the library's
 * {@link ContentHash} (Bouncy Castle) against commons-codec's BLAKE3 as the import called it before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HashBenchmark {

    @Param({"src/test/resources/corpus"})
    public String corpus;

    private byte[][] files;
    private final ContentHash contentHash = new ContentHash();

    @Setup
    public void load() {
        List<Corpus.Entry> entries = Corpus.load(Path.of(corpus));
        files = entries.stream().map(Corpus.Entry::bytes).toArray(byte[][]::new);
    }

    @Benchmark
    public void contentHashCorpus(Blackhole bh) {
        for (byte[] f : files) {
            bh.consume(contentHash.of(f, 0, f.length));
        }
    }

    @Benchmark
    public void commonsCodecCorpus(Blackhole bh) {
        for (byte[] f : files) {
            bh.consume(Blake3.initHash().update(f, 0, f.length).doFinalize(32));
        }
    }
}
