package io.midicrate.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.batch.JobFailure;
import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.store.jobs.ImportSummary;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.store.reports.LibraryStats;
import io.midicrate.AppContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {SearchBenchCommand.class, RemoteBenchCommand.class},
        description = {"End-to-end benchmark: generates a library (or reuses one), imports it into a fresh embedded",
                "database, re-imports it unchanged, analyses it, and prints files/s, MB/s and peak heap for each job.",
                "Run it with the heap you want to check, e.g. java -Xmx512m -jar midicrate.jar bench."})
public class BenchCommand implements Callable<Integer> {

    private static final String DATA_DIR = "midicrate.db.data-dir";

    @Mixin
    BenchLibraryOptions bench;

    @Option(names = "--no-analyze", description = "Benchmark the import only.")
    boolean noAnalyze;

    @Option(names = "--passes", defaultValue = "1", paramLabel = "N", description = {
            "Run the jobs N times in this JVM, each pass on a fresh database (default: ${DEFAULT-VALUE}).",
            "The first pass includes the JVM's warm-up (JIT compilation); later passes show the speed of a long run."})
    int passes;

    @Override
    public Integer call() throws Exception {
        bench.requireEmbeddedDatabase("bench");
        if (passes < 1) {
            throw new OperatorException("--passes must be 1 or more, not " + passes);
        }
        Path library = bench.library();
        runJobs(library);
        return CommandLine.ExitCode.OK;
    }

    private void runJobs(Path library) throws Exception {
        // the collector too: the JVM's own choice and -XX:+UseParallelGC differ by up to 17% here (README)
        System.out.printf("machine: %d cores, %s %s, max heap %d MB, collector %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                collectors());
        List<String> rows = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            String suffix = passes == 1 ? "" : pass == 1 ? ", pass 1" : ", pass " + pass + " (warm)";
            Path database = bench.workDir.resolve("db-" + System.currentTimeMillis()).toAbsolutePath();
            String dataDir = System.setProperty(DATA_DIR, database.resolve("pgdata").toString());
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                JobRunner runner = context.getBean(JobRunner.class);
                Job importJob = context.getBean("importJob", Job.class);
                var params = ImportJobConfig.parameters(List.of(library));
                rows.add(measure("import" + suffix, () -> runner.start(importJob, params), context, true));
                rows.add(measure("re-import (unchanged)" + suffix,
                        () -> runner.start(importJob, ImportJobConfig.parameters(List.of(library))), context, true));
                if (!noAnalyze) {
                    rows.add(measure("analyze" + suffix, () -> runner.start(context.getBean("analyzeJob", Job.class),
                            AnalyzeJobConfig.parameters(false)), context, false));
                }
            } finally {
                BenchLibraryOptions.deleteTree(database);
                // the process's own database setting again (a caller in the same JVM, a test, keeps its own)
                if (dataDir == null) {
                    System.clearProperty(DATA_DIR);
                } else {
                    System.setProperty(DATA_DIR, dataDir);
                }
            }
        }
        // The same work without the database, on as many threads as the jobs use: what bounds the jobs.
        rows.addAll(StageBench.run(library, threads()));
        System.out.printf("%n" + StageBench.NAME_COLUMN + " %10s %10s %10s %10s %14s%n", "job or stage", "files", "seconds", "files/s", "MB/s", "peak heap MB");
        rows.forEach(System.out::println);
    }

    /** The garbage collectors' names as the JVM gives them, e.g. "G1 Young Generation + G1 Old Generation". */
    static String collectors() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    /** This JVM's CPU time in nanoseconds (all its threads), or -1 where the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The JIT compiler threads' accumulated time in milliseconds, or -1 where the JVM does not measure it. */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    private interface JobCall {
        JobExecution run() throws Exception;
    }

    private static String measure(String name, JobCall call, ConfigurableApplicationContext context, boolean isImport) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpuBefore = processCpuNanos();
        long jitBefore = jitMillis();
        long start = System.nanoTime();
        JobExecution execution = call.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;
        long jit = jitMillis() - jitBefore;
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException(name + " ended " + execution.getStatus() + ": " + JobFailure.describe(execution.getExitStatus().getExitDescription()));
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        // where the time went: top-level steps (partition workers are inside their manager step)
        StringBuilder steps = new StringBuilder("  " + name + " steps:");
        context.getBean(JobExecutions.class).topLevelStepSeconds(execution.getId(),
                (step, secs) -> steps.append(String.format(" %s %.1fs", step, secs)));
        // what a cold JVM pays: the JIT compiler's threads' time (wall time, so more than their CPU under contention)
        List<String> costs = new ArrayList<>();
        if (cpuBefore >= 0) {
            costs.add(String.format("JVM CPU %.1fs", cpu / 1e9));
        }
        if (jitBefore >= 0) {
            costs.add(String.format("JIT compiling %.1fs", jit / 1e3));
        }
        if (!costs.isEmpty()) {
            steps.append("; ").append(String.join(", ", costs));
        }
        System.out.println(steps);
        long runId = execution.getJobInstance().getInstanceId();
        long count;
        long bytes;
        if (isImport) {
            ImportSummary summary = context.getBean(JobExecutions.class).importSummary(runId);
            count = summary.found();
            bytes = summary.bytesRead();
        } else {
            long[] analysed = context.getBean(LibraryStats.class).analysedContentsAndBytes();
            count = analysed[0];
            bytes = analysed[1];
        }
        return String.format(StageBench.NAME_COLUMN + " %,10d %10.1f %,10.0f %10.1f %,14d", name, count, seconds, count / seconds,
                bytes / 1e6 / seconds, peak >> 20);
    }
}
