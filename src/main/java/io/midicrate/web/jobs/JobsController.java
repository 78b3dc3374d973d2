package io.midicrate.web.jobs;

import java.time.LocalDateTime;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.midicrate.batch.JobFailure;
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
        List<JobExecution> run = runner.executionsOfRun(execution);
        JobExecution latest = run.get(run.size() - 1);
        model.addAttribute("jobName", execution.getJobInstance().getJobName());
        model.addAttribute("runId", runId);
        model.addAttribute("restartOf", run.stream().map(JobExecution::getId).filter(e -> e < id)
                .reduce((a, b) -> b).orElse(null));
        model.addAttribute("restartedAs", run.stream().map(JobExecution::getId).filter(e -> e > id).findFirst().orElse(null));
        model.addAttribute("steps", executions.steps(id));
        model.addAttribute("families", executions.fileErrorsByFamily(runId));
        model.addAttribute("failing", executions.fileErrorRows(runId, FAILING_PATHS));
        model.addAttribute("failingLimit", FAILING_PATHS);
        model.addAttribute("writable", token.configured());
        // only the run's newest execution continues it; an older one was restarted already (and would be refused)
        model.addAttribute("restartable", latest.getId() == id
                && (execution.getStatus() == BatchStatus.FAILED || execution.getStatus() == BatchStatus.STOPPED));
        live(execution, run, model);
        return "job";
    }

    /** The live part of a running execution's page, fetched again every two seconds while it runs. */
    @GetMapping("/jobs/{id}/progress")
    String progressFragment(@PathVariable("id") long id, Model model) {
        JobExecution execution = execution(id);
        live(execution, runner.executionsOfRun(execution), model);
        return "job :: progress";
    }

    /** What the live part shows: the status, the run's progress and this execution's rate, how it ended in words. */
    private static void live(JobExecution execution, List<JobExecution> run, Model model) {
        model.addAttribute("execution", execution);
        model.addAttribute("progress", JobProgress.of(execution, run, LocalDateTime.now()));
        model.addAttribute("exit", execution.getExitStatus() == null ? null
                : JobFailure.describe(execution.getExitStatus().getExitDescription()));
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
}
