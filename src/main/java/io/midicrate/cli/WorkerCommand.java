package io.midicrate.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.remote.PartitionWorker;
import io.midicrate.remote.Workers;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Joins the library's database and runs the partitions of jobs started with",
                "midicrate.partitioning=remote (import hashing, analyze, reprocess) until stopped. Start any number,",
                "on any machine that sees the library's files. SIGTERM stops its partitions at a chunk boundary;",
                "'midicrate restart' continues them."})
class WorkerCommand implements Callable<Integer> {

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Partitions run at a time (default: one per CPU core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (threads < 0) {
            throw new OperatorException("--threads must be 0 (one per core) or more");
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigurableApplicationContext context = AppContext.start(false);
        CountDownLatch closed = AppContext.closeLatch(context);
        Workers.Worker worker = context.getBean(PartitionWorker.class).join(n);
        System.out.printf("midicrate worker %d (%s): waiting for partitions with %d thread(s)%n", worker.id(),
                worker.label(), n);
        System.out.flush();
        // SIGTERM closes the context through Spring's shutdown hook; PartitionWorker.stop() lets partitions end
        closed.await();
        return MidicrateCli.OK;
    }
}
