package io.midicrate.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.midicrate.common.OperatorException;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.remote.PartitionWorker;
import io.midicrate.remote.RemoteSettings;
import io.midicrate.remote.Workers;
import io.midicrate.serve.FolderWatcher;
import io.midicrate.serve.Schedule;
import io.midicrate.serve.ScheduleFiles;
import io.midicrate.serve.Scheduler;
import io.midicrate.serve.StaleExecutions;
import io.midicrate.serve.WatchSettings;
import io.midicrate.serve.WorkerMetrics;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the schedules in jobs/*.yml (format: jobs/README.md) until stopped, with the web page (library,",
                "search, files, jobs, audits), health and metrics over HTTP (/, /actuator/health, /actuator/metrics;",
                "server.address 127.0.0.1, server.port 8086). On start, executions left STARTED",
                "by a dead process are restarted or abandoned (midicrate.serve.on-stale). Schedules with 'watch: true' and",
                "the folders in midicrate.watch.roots are imported and analysed as soon as files arrive and settle.",
                "SIGTERM stops running steps",
                "at a chunk boundary; 'midicrate restart' continues them."})
class ServeCommand implements Callable<Integer> {

    @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "jobs",
            description = "Folder holding the schedules, one *.yml each (default: ${DEFAULT-VALUE}).")
    Path jobsDir;

    @Option(names = "--worker-threads", paramLabel = "N", defaultValue = "-1",
            description = {"Also run partitions of remote jobs (midicrate.partitioning=remote) in this process, N at a time,",
                    "as 'midicrate worker --threads N' would; stopped with serve. Default: midicrate.remote.serve-worker-threads (0: none)."})
    int workerThreads;

    @Option(names = "--no-schedules", description = "Serve the web page only: no schedule runs, no stale execution is touched.")
    boolean noSchedules;

    @Override
    public Integer call() throws Exception {
        // every schedule is checked before anything starts: a bad file is a one-line error and exit code 2
        // no schedule folder is fine when midicrate.watch.roots names folders to watch (checked once the settings are read)
        boolean scheduleFiles = !noSchedules && ScheduleFiles.present(jobsDir);
        List<Schedule> schedules = scheduleFiles ? ScheduleFiles.load(jobsDir) : List.of();
        if (workerThreads < -1) {
            throw new OperatorException("--worker-threads must be 0 or more");
        }
        ConfigurableApplicationContext context = AppContext.startServer();
        WatchSettings watch = context.getBean(WatchSettings.class);
        if (!noSchedules && !scheduleFiles && watch.roots().isEmpty()) {
            context.close();
            ScheduleFiles.load(jobsDir); // says what is missing, as before
        }
        CountDownLatch closed = AppContext.closeLatch(context);
        context.getBean(WorkerMetrics.class).bind(context.getBean(MeterRegistry.class));
        int threads = workerThreads >= 0 ? workerThreads : context.getBean(RemoteSettings.class).remote().serveWorkerThreads();
        if (threads > 0) {
            // a worker of this process: PartitionWorker.stop() runs when serve's context closes (SIGTERM)
            Workers.Worker worker = context.getBean(PartitionWorker.class).join(threads);
            System.out.printf("midicrate serve: worker %d (%s) runs remote partitions with %d thread(s)%n", worker.id(),
                    worker.label(), threads);
        }
        Scheduler scheduler = context.getBean(Scheduler.class);
        scheduler.schedule(schedules);
        MidicrateProperties properties = context.getBean(MidicrateProperties.class);
        if (!noSchedules) {
            context.getBean(FolderWatcher.class).watch(schedules, watch).forEach(System.out::println);
            var actions = context.getBean(StaleExecutions.class).recover(properties.serve().onStale(), scheduler::runNow);
            actions.forEach(a -> System.out.printf("stale execution %d (%s): %s%n", a.executionId(), a.jobName(), a.action()));
        }
        int port = context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        String address = context.getEnvironment().getProperty("server.address", "127.0.0.1");
        String host = address.contains(":") ? "[" + address + "]" : address;
        System.out.printf("midicrate serve: %s; web page on http://%s:%d/ (health: /actuator/health)%n",
                noSchedules ? "no schedules" : schedules.size() + " schedule(s) from " + jobsDir, host, port);
        System.out.flush();
        // SIGTERM closes the context through Spring's shutdown hook; this thread just waits for that
        closed.await();
        return MidicrateCli.OK;
    }
}
