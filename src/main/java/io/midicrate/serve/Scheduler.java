package io.midicrate.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Fires the schedules of {@code midicrate serve} by their cron. Started by the serve command only (never by the other
 * commands); on shutdown it stops firing first (highest phase), then {@link io.midicrate.batch.GracefulStop} stops
 * the runs in progress, and only then are the scheduler's threads let go.
 */
@Component
public class Scheduler implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final ScheduleRunner runner;
    private final List<ScheduledFuture<?>> futures = new ArrayList<>();
    private ThreadPoolTaskScheduler threads;
    private volatile boolean running;

    public Scheduler(ScheduleRunner runner) {
        this.runner = runner;
    }

    /** Starts firing these schedules; each may overlap another schedule, never itself. */
    public synchronized void schedule(List<Schedule> schedules) {
        threads = new ThreadPoolTaskScheduler();
        // one thread per schedule plus one, so an overlapping firing runs (and is skipped) instead of queueing
        threads.setPoolSize(schedules.size() + 1);
        threads.setThreadNamePrefix("schedule-");
        threads.setWaitForTasksToCompleteOnShutdown(true);
        threads.setAwaitTerminationSeconds(60);
        threads.initialize();
        for (Schedule schedule : schedules) {
            if (schedule.cron() == null) {
                log.info("Schedule {} ({}): no cron, runs when files arrive in its roots", schedule.name(), schedule.file());
                continue;
            }
            futures.add(threads.schedule(() -> runner.fire(schedule), new CronTrigger(schedule.cron().toString())));
            log.info("Schedule {} ({}): cron '{}', next run {}", schedule.name(), schedule.file(), schedule.cron(),
                    schedule.cron().next(java.time.LocalDateTime.now()));
        }
        running = true;
    }

    /** Runs a task on the scheduler's threads now (stale executions restarted on start). */
    public synchronized void runNow(Runnable task) {
        threads.execute(task);
    }

    @Override
    public void start() {
        // started by schedule(), never automatically
    }

    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public synchronized void stop() {
        running = false;
        futures.forEach(f -> f.cancel(false));
        futures.clear();
        log.info("Schedules stopped: no new run starts");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public synchronized void destroy() {
        if (threads != null) {
            threads.shutdown();
        }
    }
}
