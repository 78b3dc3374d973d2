package io.midicrate.reprocessjob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

import io.midicrate.batch.IdRangePartitioner;
import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.store.library.ContentSelection;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.store.library.Reprocessings;

/** What {@code midicrate reprocess} does: a dry run that only counts, or an audit and the job over its selection. */
@Component
public class Reprocessing {

    /** One partition a run would work on. */
    public record Partition(String name, long minId, long maxId, long rows) {
    }

    private final Reprocessings reprocessings;
    private final JobExecutions executions;
    private final Audits audits;
    private final JobRunner runner;
    private final Job reprocessJob;
    private final MidicrateProperties properties;

    public Reprocessing(Reprocessings reprocessings, JobExecutions executions, Audits audits, JobRunner runner,
                        Job reprocessJob, MidicrateProperties properties) {
        this.reprocessings = reprocessings;
        this.executions = executions;
        this.audits = audits;
        this.runner = runner;
        this.reprocessJob = reprocessJob;
        this.properties = properties;
    }

    /** The partitions a run would have, with their row counts; writes nothing. */
    public List<Partition> dryRun(Selection selection) {
        selection = selection.validated();
        check(selection);
        ContentSelection criteria = selection.criteria();
        Map<String, ExecutionContext> partitions = new IdRangePartitioner(properties.analyze().chunkSize(),
                buckets -> reprocessings.ranges(criteria, buckets)).partition(properties.analyze().effectiveGridSize());
        List<Partition> result = new ArrayList<>();
        partitions.forEach((name, c) -> {
            if (c.getLong("rows") > 0) {
                result.add(new Partition(name, c.getLong("minId"), c.getLong("maxId"), c.getLong("rows")));
            }
        });
        return result;
    }

    /** Creates the audit and runs the job to its end (or failure); returns the execution. */
    public JobExecution run(Selection selection, String operator, String reason, String commandLine) throws Exception {
        if (reason == null || reason.isBlank()) {
            throw new OperatorException("a reprocess needs --reason \"...\": the audit records why it ran");
        }
        selection = selection.validated();
        check(selection);
        long auditId = audits.create(operator, reason.strip(), selection, commandLine);
        try {
            return runner.start(reprocessJob, ReprocessJobConfig.parameters(auditId));
        } catch (OperatorException refused) {
            audits.discard(auditId);
            throw refused;
        }
    }

    /** The audit a reprocess execution belongs to. */
    public static long auditId(JobExecution execution) {
        return execution.getJobParameters().getLong(ReprocessJobConfig.AUDIT_ID);
    }

    /**
     * Selectors that name things in the database must name things that exist, and the selection must hold a file: a
     * run, or a dry run, of nothing is a mistake said before any audit is written (naming the selector that matches
     * nothing, or saying that they match nothing together).
     */
    private void check(Selection selection) {
        for (long execution : selection.importExecutions()) {
            String job = executions.jobName(execution);
            if (job == null) {
                throw new OperatorException("--import " + execution + ": no such execution (see 'midicrate jobs')");
            }
            if (!ImportJobConfig.JOB_NAME.equals(job)) {
                throw new OperatorException("--import " + execution + " is an execution of " + job + ", not of import");
            }
        }
        for (String tag : selection.tags()) {
            String name = io.midicrate.analysis.Tagger.normalise(tag);
            if (!reprocessings.tagExists(name)) {
                throw new OperatorException("--tag " + tag + ": no file has the tag '" + name + "'");
            }
        }
        if (!reprocessings.matchesAny(selection.criteria())) {
            List<Selection.Selector> selectors = selection.selectors();
            String nothing = selectors.stream().filter(s -> !reprocessings.matchesAny(s.alone().criteria())).findFirst()
                    .map(Selection.Selector::written)
                    .orElse(String.join(" and ", selectors.stream().map(Selection.Selector::written).toList()) + " together");
            throw new OperatorException("nothing to reprocess: no file matches " + nothing);
        }
    }
}
