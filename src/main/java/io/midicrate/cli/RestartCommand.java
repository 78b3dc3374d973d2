package io.midicrate.cli;

import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.AppContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restarts a failed or stopped execution where it left off.",
                "An execution left STARTED by a process that died (kill -9, power cut) is recovered first.",
                "The import of a 'midicrate run' goes on to analyse what is new, as run would have."})
class RestartCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static class Target {
        @Parameters(paramLabel = "ID", description = "The execution id (see 'midicrate jobs').")
        Long executionId;

        @Option(names = "--last", description = "Restart the newest execution.")
        boolean last;
    }

    @Option(names = "--no-progress", description = "Do not draw the progress line.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        try (ConfigurableApplicationContext context = AppContext.start(!noProgress)) {
            JobRunner runner = context.getBean(JobRunner.class);
            Long id = target.last ? runner.lastExecutionId() : target.executionId;
            if (id == null) {
                throw new OperatorException("no job has run yet; there is nothing to restart");
            }
            JobExecution execution = runner.find(id);
            if (execution == null) {
                throw new OperatorException("no execution " + id + " (see 'midicrate jobs')");
            }
            JobExecution restarted = runner.restart(execution);
            int code = Reports.print(context, restarted);
            if (code != MidicrateCli.OK || !ImportJobConfig.thenAnalyze(restarted)) {
                return code;
            }
            // the import of a 'run': finish what run would have done
            System.out.println("import execution " + restarted.getId() + " was started by 'midicrate run': analysing what is new");
            return AnalyzeCommand.runAnalyze(context, false);
        }
    }
}
