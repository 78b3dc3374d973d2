package io.midicrate.bench;

import io.midicrate.corpus.Corpus;
import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares builds of the parser or analyser on the corpus, paired: each build gets its own class loader in one JVM, and
 * every round times one corpus pass of each build back to back, so a noisy machine (this VM shows up to 75% steal)
 * slows all builds of a round alike. It prints each build's times and its median ratio to the first build, which
 * resolves differences of a few percent that separate JMH runs cannot. JMH ({@code CoreBenchmark}) stays the source
 * of the published figures; this is for deciding whether a change is faster.
 *
 * <pre>
 * java -cp target/test-classes:$(cat cp.txt) io.midicrate.bench.PairedCoreBench src/test/resources/corpus parse 15 old-classes target/classes
 * </pre>
 * where {@code old-classes} is a copy of {@code target/classes} from the build to compare against.
 */
public final class PairedCoreBench {

    private PairedCoreBench() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4 || !(args[1].equals("parse") || args[1].equals("analyze"))) {
            System.err.println("usage: PairedCoreBench CORPUS_DIR parse|analyze SECONDS CLASSES_DIR...");
            System.exit(2);
        }
        List<byte[]> files = Corpus.load(Path.of(args[0])).stream().map(Corpus.Entry::bytes).toList();
        boolean parse = args[1].equals("parse");
        long seconds = Long.parseLong(args[2]);
        List<URL> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                jars.add(Path.of(entry).toUri().toURL());
            }
        }
        int builds = args.length - 3;
        MethodHandle[] run = new MethodHandle[builds];
        for (int b = 0; b < builds; b++) {
            List<URL> urls = new ArrayList<>(List.of(Path.of(args[3 + b]).toUri().toURL()));
            urls.addAll(jars);
            ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass(parse ? "io.midicrate.smf.SmfParser" : "io.midicrate.analysis.MidiAnalyzer");
            String method = parse ? "parse" : "analyze";
            Class<?> result = type.getMethod(method, byte[].class, int.class).getReturnType();
            run[b] = MethodHandles.publicLookup()
                    .findVirtual(type, method, MethodType.methodType(result, byte[].class, int.class))
                    .bindTo(type.getConstructor().newInstance())
                    .asType(MethodType.methodType(Object.class, byte[].class, int.class));
        }
        List<long[]> rounds = new ArrayList<>();
        long warmUntil = System.nanoTime() + 6_000_000_000L;
        long until = warmUntil + seconds * 1_000_000_000L;
        long sink = 0;
        while (System.nanoTime() < until) {
            long[] round = new long[builds];
            for (int b = 0; b < builds; b++) {
                long start = System.nanoTime();
                for (byte[] f : files) {
                    try {
                        sink += run[b].invokeExact(f, f.length).hashCode();
                    } catch (RuntimeException rejected) {
                        sink++; // a file holding no music: the same for every build
                    }
                }
                round[b] = System.nanoTime() - start;
            }
            if (System.nanoTime() > warmUntil) {
                rounds.add(round);
            }
        }
        for (int b = 0; b < builds; b++) {
            int k = b;
            long[] times = rounds.stream().mapToLong(r -> r[k]).sorted().toArray();
            double[] ratios = rounds.stream().mapToDouble(r -> (double) r[k] / r[0]).sorted().toArray();
            System.out.printf("%-40s %s: %d rounds, ms per corpus min %.2f median %.2f; median ratio to the first %.3f%n",
                    args[3 + b], args[1], times.length, times[0] / 1e6, times[times.length / 2] / 1e6,
                    ratios[ratios.length / 2]);
        }
        System.out.println("checksum " + sink); // uses every result, so none can be optimised away
    }
}
