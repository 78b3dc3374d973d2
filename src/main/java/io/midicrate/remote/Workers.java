package io.midicrate.remote;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.midicrate.batch.JobLocks;
import io.midicrate.store.jobs.WorkerRegistry;

/**
 * The workers that joined the library's database, and which one ran each partition. Liveness is the lock a worker
 * holds for as long as its process lives ({@link JobLocks}, the same idea as {@code ExecutionLiveness}): a row whose
 * lock is free belongs to a worker that is gone, however it went.
 */
@Component
public class Workers {

    /** One worker, as shown to the operator. */
    public record Worker(long id, String host, long pid, int threads) {
        public String label() {
            return host + ":" + pid;
        }
    }

    /** This process's registration: closing it releases the liveness lock and marks the worker stopped. */
    public interface Registration extends AutoCloseable {
        Worker worker();

        @Override
        void close();
    }

    private final WorkerRegistry registry;
    private final JobLocks locks;

    public Workers(WorkerRegistry registry, JobLocks locks) {
        this.registry = registry;
        this.locks = locks;
    }

    public Registration register(int threads) {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        // the lock first, the row after: a row is never seen without its lock (it would be taken for a dead worker)
        long id = registry.nextId();
        JobLocks.Held lock = locks.tryLock(workerLock(id));
        if (lock == null) {
            throw new IllegalStateException("worker " + id + " is already registered by another process");
        }
        Worker worker = new Worker(id, host, pid, threads);
        registry.insert(new WorkerRegistry.WorkerRow(id, host, pid, threads));
        return new Registration() {
            @Override
            public Worker worker() {
                return worker;
            }

            @Override
            public void close() {
                registry.markStopped(id);
                lock.close();
            }
        };
    }

    /** The workers alive now; rows of dead ones are marked stopped on the way. */
    public List<Worker> alive() {
        List<Worker> alive = new ArrayList<>();
        for (WorkerRegistry.WorkerRow w : registry.notStopped()) {
            if (locks.isHeld(workerLock(w.id()))) {
                alive.add(new Worker(w.id(), w.host(), w.pid(), w.threads()));
            } else {
                registry.markStopped(w.id());
            }
        }
        return alive;
    }

    /** Records that this worker took the partition (before it runs it). */
    public void took(long stepExecutionId, long workerId) {
        registry.took(stepExecutionId, workerId);
    }

    /** host:pid of the worker that ran each partition of the execution, by step execution id. */
    public Map<Long, String> ranBy(long jobExecutionId) {
        return registry.ranBy(jobExecutionId);
    }

    /** The worker recorded for a partition, or null. */
    public String ranBy(long jobExecutionId, long stepExecutionId) {
        return ranBy(jobExecutionId).get(stepExecutionId);
    }

    /** Held by a worker for as long as it runs the partition, from before it is marked STARTED to after it ends. */
    public JobLocks.Held lockPartition(long stepExecutionId) {
        return locks.tryLock(partitionLock(stepExecutionId));
    }

    public boolean isPartitionHeld(long stepExecutionId) {
        return locks.isHeld(partitionLock(stepExecutionId));
    }

    private static String workerLock(long id) {
        return "worker:" + id;
    }

    private static String partitionLock(long stepExecutionId) {
        return "partition:" + stepExecutionId;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown-host";
        }
    }
}
