package io.midicrate.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.remote.Workers;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.store.reports.LibraryStats;
import io.midicrate.store.library.SyntheticLibrary;
import io.midicrate.AppContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "remote", mixinStandardHelpOptions = true,
        description = {"Analysis files/s with 0 (local), 1 and 2 'midicrate worker' processes against one database on this",
                "machine: generates a library (or reuses one), imports it into a fresh embedded database, then analyses it",
                "once per row, each time from scratch, as separate midicrate processes (the manager and its workers),",
                "timing each analyze execution from the job repository. Prints the load average around every run."})
class RemoteBenchCommand implements Callable<Integer> {

    @Mixin
    BenchLibraryOptions bench;

    @Option(names = "--workers", split = ",", defaultValue = "1,2", description = "Worker processes per remote run (default ${DEFAULT-VALUE}).")
    List<Integer> workerCounts;

    @Option(names = "--worker-threads", defaultValue = "0", description = "Threads of each worker (default: one per core, as 'midicrate worker').")
    int workerThreads;

    @Option(names = "--grid", defaultValue = "0", description = "Partitions of every analyze run (default: 4 per core).")
    int grid;

    @Override
    public Integer call() throws Exception {
        BenchLibraryOptions.requireEmbeddedDatabase("bench remote");
        if (workerCounts.stream().anyMatch(n -> n < 1) || workerThreads < 0 || grid < 0) {
            throw new OperatorException("--workers takes counts of 1 or more, --worker-threads and --grid 0 or more");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = workerThreads > 0 ? workerThreads : cores;
        int partitions = grid > 0 ? grid : 4 * cores;
        Path library = bench.library();
        Path database = bench.workDir.resolve("remote-db-" + System.currentTimeMillis()).toAbsolutePath();
        Path logs = Files.createDirectories(bench.workDir.resolve("remote-logs").toAbsolutePath());
        System.setProperty("midicrate.db.data-dir", database.resolve("pgdata").toString());
        System.out.printf("machine: %d cores; %d partitions per run; workers run %d thread(s) each%n", cores, partitions, threads);
        List<String> rows = new ArrayList<>();
        List<Process> children = new ArrayList<>();
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            JobRunner runner = context.getBean(JobRunner.class);
            runner.start(context.getBean("importJob", Job.class), ImportJobConfig.parameters(List.of(library)));
            HikariDataSource pool = (HikariDataSource) context.getBean(javax.sql.DataSource.class);
            Map<String, String> env = new HashMap<>(Map.of("SPRING_DATASOURCE_URL", pool.getJdbcUrl(),
                    "SPRING_DATASOURCE_USERNAME", pool.getUsername(), "SPRING_DATASOURCE_PASSWORD",
                    pool.getPassword() == null ? "" : pool.getPassword(),
                    "MIDICRATE_ANALYZE_GRID_SIZE", String.valueOf(partitions)));
            List<Integer> runs = new ArrayList<>();
            runs.add(0);
            runs.addAll(workerCounts);
            for (int workers : runs) {
                context.getBean(SyntheticLibrary.class).forgetAnalyses();
                String name = workers == 0 ? "local, " + cores + " thread(s)"
                        : workers + " worker(s) x " + threads + " thread(s)";
                List<Process> ofRun = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    ofRun.add(launch(logs.resolve("worker-" + workers + "-" + i + ".log"), env, "worker", "--threads",
                            String.valueOf(threads)));
                }
                children.addAll(ofRun);
                awaitWorkers(context.getBean(Workers.class), ofRun);
                Map<String, String> managerEnv = new HashMap<>(env);
                managerEnv.put("MIDICRATE_PARTITIONING", workers == 0 ? "local" : "remote");
                double loadBefore = loadAverage();
                Path log = logs.resolve("analyze-" + workers + ".log");
                Process manager = launch(log, managerEnv, "analyze", "--no-progress");
                children.add(manager);
                if (manager.waitFor() != 0) {
                    throw new IllegalStateException(name + ": analyze exited " + manager.exitValue() + "; see " + log);
                }
                double loadAfter = loadAverage();
                for (Process worker : ofRun) {
                    worker.destroy(); // SIGTERM: the worker leaves the database cleanly
                    worker.waitFor(5, TimeUnit.MINUTES);
                }
                JobExecutions.ExecutionSummary run = context.getBean(JobExecutions.class).recent(1).get(0);
                double seconds = Duration.between(run.start(), run.end()).toMillis() / 1e3;
                long files = context.getBean(LibraryStats.class).analysedContentsAndBytes()[0];
                rows.add(String.format(Locale.ROOT, "%-36s %,10d %10.1f %,10.0f %8.2f %8.2f", name, files, seconds,
                        files / seconds, loadBefore, loadAfter));
                System.out.println(rows.get(rows.size() - 1));
            }
        } finally {
            for (Process child : children) {
                child.destroyForcibly();
            }
            BenchLibraryOptions.deleteTree(database);
        }
        System.out.printf("%n%-36s %10s %10s %10s %8s %8s%n", "analyze", "files", "seconds", "files/s", "load<", "load>");
        rows.forEach(System.out::println);
        return CommandLine.ExitCode.OK;
    }

    /** Runs this same midicrate (same java, JVM options and class path) with {@code args}; output to {@code log}. */
    static Process launch(Path log, Map<String, String> env, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String launched = System.getProperty("sun.java.command", "").split(" ")[0];
        if (launched.endsWith(".jar")) {
            command.addAll(List.of("-jar", launched));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), launched));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("LOGGING_FILE_NAME", log.resolveSibling("midicrate.log").toString());
        return builder.start();
    }

    private static void awaitWorkers(Workers workers, List<Process> pool) throws InterruptedException {
        List<Long> pids = pool.stream().map(Process::pid).toList();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!workers.alive().stream().map(Workers.Worker::pid).toList().containsAll(pids)) {
            if (pool.stream().anyMatch(p -> !p.isAlive()) || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("a worker did not join; see its log");
            }
            Thread.sleep(200);
        }
    }

    /** The 1-minute load average, or -1 where the system has none. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
