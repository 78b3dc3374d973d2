package io.midicrate.batch;

import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * A job listener that every job gets without the jobs' own configuration naming it (meters, the web page's
 * overview): {@link EveryJobListeners} attaches each such bean to each job bean.
 */
public interface EveryJobListener extends JobExecutionListener {
}
