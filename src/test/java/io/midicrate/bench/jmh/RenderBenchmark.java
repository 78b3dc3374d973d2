package io.midicrate.bench.jmh;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import io.midicrate.audition.AuditionOptions;
import io.midicrate.audition.Drums;
import io.midicrate.audition.Renderer;
import io.midicrate.audition.Rendered;
import io.midicrate.audition.SoundFonts;
import io.midicrate.corpus.Corpus;

/**
 * One operation = a 30 s preview (44.1 kHz stereo) of the corpus file with the most tracks among those lasting 30 s
 * or more, rendered offline with the SoundFont this machine has (or the JDK bank). Run instructions:
 * docs/core-benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED"})
public class RenderBenchmark {

    @Param({"src/test/resources/corpus"})
    public String corpus;

    private byte[] file;
    private Renderer renderer;
    private final AuditionOptions thirtySeconds = new AuditionOptions(0, null, Drums.PLAY, 1000, 30);

    @Setup
    public void load() {
        List<Corpus.Entry> entries = Corpus.load(Path.of(corpus));
        io.midicrate.smf.SmfParser parser = new io.midicrate.smf.SmfParser();
        file = entries.stream().map(Corpus.Entry::bytes).filter(b -> {
            try {
                return parser.parse(b, b.length).durationSeconds() >= 30;
            } catch (RuntimeException e) {
                return false;
            }
        }).max(Comparator.comparingInt(b -> parser.parse(b, b.length).tracks().size())).orElseThrow();
        renderer = new Renderer(SoundFonts.choose(null));
    }

    @Benchmark
    public Rendered render30Seconds() {
        return renderer.render(file, thirtySeconds);
    }
}
