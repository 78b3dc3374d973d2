package io.midicrate.web.jobs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import io.midicrate.common.OperatorException;

/**
 * Runs a job the page started (a restart, a reprocess) on a thread of its own, since a run takes minutes and the
 * CLI's code waits for its end; the request waits two seconds, so what the code refuses at once is the page's
 * message.
 */
@Component
class BackgroundRuns implements DisposableBean {

    private final ExecutorService runs = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "web-run");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param refused the status of an {@link OperatorException} the run throws at once
     * @return where the page goes: the execution when it already ended, else the jobs list that shows it running
     */
    String start(Callable<JobExecution> run, HttpStatus refused) {
        Future<JobExecution> running = runs.submit(run);
        try {
            return "redirect:/jobs/" + running.get(2, TimeUnit.SECONDS).getId();
        } catch (TimeoutException e) {
            return "redirect:/jobs";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OperatorException operatorMistake) {
                throw new ResponseStatusException(refused, operatorMistake.getMessage());
            }
            throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR, "the run failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    @Override
    public void destroy() {
        runs.shutdownNow();
    }
}
