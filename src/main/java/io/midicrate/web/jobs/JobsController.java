package io.midicrate.web.jobs;

import java.time.Duration;
import java.time.LocalDateTime;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.reprocessjob.Audits;
import io.midicrate.store.reports.AuditReport;
import io.midicrate.store.jobs.JobExecutions;
import io.midicrate.web.OperatorToken;

/**
 * Jobs and audits: executions with their steps and failures, a running one's progress (polled by the page), and
 * the audit list and detail. Restarting goes through {@link JobRunner#restart}, the code behind
 * {@code midicrate restart}, and needs the operator token.
 */
@Controller
class JobsController {

    static final int LISTED = 50;
    static final int FAILING_PATHS = 200;

    /** How far a running execution has got: items done of the known total, rate and time left. */
    record Progress(long done, long total, double perSecond, Double secondsLeft, double percent) {
        /** The percentage to the nearest 5, naming the bar's width class (no inline style under the CSP). */
        public long bucket() {
            return Math.round(percent / 5) * 5;
        }
    }

    private final JobExecutions executions;
    private final AuditReport audits;
    private final Audits selections;
    private final JobRunner runner;
    private final OperatorToken token;

    private final BackgroundRuns runs;

    JobsController(JobExecutions executions, AuditReport audits, Audits selections, JobRunner runner,
                   OperatorToken token, BackgroundRuns runs) {
        this.executions = executions;
        this.audits = audits;
        this.selections = selections;
        this.runner = runner;
        this.token = token;
        this.runs = runs;
    }

    @GetMapping("/jobs")
    String jobs(Model model) {
        model.addAttribute("executions", executions.recent(LISTED));
        return "jobs";
    }

    @GetMapping("/jobs/{id}")
    String job(@PathVariable("id") long id, Model model) {
        JobExecution execution = execution(id);
        long runId = execution.getJobInstance().getInstanceId();
        model.addAttribute("execution", execution);
        model.addAttribute("jobName", execution.getJobInstance().getJobName());
        model.addAttribute("runId", runId);
        model.addAttribute("steps", executions.steps(id));
        model.addAttribute("families", executions.fileErrorsByFamily(runId));
        model.addAttribute("failing", executions.fileErrorRows(runId, FAILING_PATHS));
        model.addAttribute("failingLimit", FAILING_PATHS);
        model.addAttribute("progress", progress(execution));
        model.addAttribute("writable", token.configured());
        model.addAttribute("restartable", !execution.getStatus().name().equals("COMPLETED")
                && !execution.getStatus().name().equals("ABANDONED"));
        return "job";
    }

    /** The live part of a running execution's page, fetched again every two seconds while it runs. */
    @GetMapping("/jobs/{id}/progress")
    String progressFragment(@PathVariable("id") long id, Model model) {
        JobExecution execution = execution(id);
        model.addAttribute("execution", execution);
        model.addAttribute("progress", progress(execution));
        return "job :: progress";
    }

    /**
     * Restarts through the CLI's code on a thread of its own (a run takes minutes); what it refuses at once
     * (completed, abandoned, running elsewhere) is shown as the page's message.
     */
    @PostMapping("/jobs/{id}/restart")
    String restart(@PathVariable("id") long id, @RequestParam(name = "token", required = false) String given) {
        token.check(given);
        JobExecution execution = execution(id);
        return runs.start(() -> runner.restart(execution), HttpStatus.CONFLICT);
    }

    @GetMapping("/audits")
    String audits(Model model) {
        model.addAttribute("audits", audits.list(LISTED));
        return "audits";
    }

    @GetMapping("/audits/{id}")
    String audit(@PathVariable("id") long id, Model model) {
        try {
            model.addAttribute("detail", audits.detail(id));
        } catch (OperatorException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no audit " + id);
        }
        model.addAttribute("selection", selections.selection(id).describe());
        return "audit";
    }

    private JobExecution execution(long id) {
        JobExecution execution = runner.find(id);
        if (execution == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no job execution " + id);
        }
        return execution;
    }

    /**
     * Items written by the partition workers against the rows their partitions hold (each partition's context
     * says how many), or by the running step when it is not partitioned; null when nothing tells a total.
     */
    static Progress progress(JobExecution execution) {
        long done = 0;
        long total = 0;
        LocalDateTime first = null;
        for (StepExecution step : execution.getStepExecutions()) {
            long rows = step.getExecutionContext().getLong("rows", -1L);
            if (rows < 0 || step.getStartTime() == null) {
                continue;
            }
            total += rows;
            done += step.getWriteCount() + step.getFilterCount() + step.getWriteSkipCount();
            if (first == null || step.getStartTime().isBefore(first)) {
                first = step.getStartTime();
            }
        }
        if (total == 0 || first == null) {
            return null;
        }
        double seconds = Math.max(0.001, Duration.between(first, LocalDateTime.now()).toMillis() / 1000.0);
        double rate = done / seconds;
        Double left = rate > 0 && done < total ? (total - done) / rate : null;
        return new Progress(done, total, rate, left, Math.min(100, 100.0 * done / total));
    }
}
