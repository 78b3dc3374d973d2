package io.midicrate.web.library;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import io.midicrate.batch.EveryJobListener;
import io.midicrate.store.reports.LibraryOverview;
import io.midicrate.store.reports.LibraryOverviewStore;

/**
 * The overview the home page shows, counted in the background and never while a page waits: when the web server
 * starts, when a job of this process ends, and when a page view finds that a job ended elsewhere since the last
 * count (the job tables tell, cheaply). Until the first count exists the page says it is being counted. Commands
 * without a web server never count it.
 */
@Component
public class LibraryOverviews implements EveryJobListener,
        ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LibraryOverviews.class);

    private final ObjectProvider<LibraryOverviewStore> store;
    private final ExecutorService counter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "library-overview");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean counting = new AtomicBoolean();
    private final AtomicBoolean countAgain = new AtomicBoolean();
    private volatile LibraryOverview current;
    private volatile boolean serving;

    public LibraryOverviews(ObjectProvider<LibraryOverviewStore> store) {
        this.store = store;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        serving = true;
        refreshIfStale();
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (serving) {
            refresh();
        }
    }

    /** The latest overview counted (from this process or stored by an earlier one), or null before the first. */
    public LibraryOverview current() {
        LibraryOverview o = current;
        if (o == null) {
            o = store.getObject().load();
            current = o;
        }
        return o;
    }

    /** Starts a count when a job has ended since the current one was counted; true when the page is out of date. */
    public boolean refreshIfStale() {
        LibraryOverview o = current();
        boolean stale = o == null || !o.jobsMarker().equals(store.getObject().jobsMarker());
        if (stale) {
            refresh();
        }
        return stale || counting.get();
    }

    /** Counts in the background; a request during a count runs one more after it (the library may have changed). */
    public void refresh() {
        countAgain.set(true);
        if (!counting.compareAndSet(false, true)) {
            return;
        }
        counter.execute(() -> {
            try {
                while (countAgain.getAndSet(false)) {
                    LibraryOverview counted = store.getObject().compute();
                    store.getObject().save(counted);
                    current = counted;
                }
            } catch (RuntimeException e) {
                log.warn("counting the library overview failed: {}", e.toString());
            } finally {
                counting.set(false);
            }
        });
    }

    public boolean counting() {
        return counting.get();
    }

    @Override
    public void destroy() {
        counter.shutdownNow();
    }
}
