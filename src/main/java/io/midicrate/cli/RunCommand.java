package io.midicrate.cli;

import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.batch.JobRunner;
import io.midicrate.importjob.ImportJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Imports the folders, then analyses what is new: the one command to build a library.",
                "Equivalent to 'midicrate import ROOT...' followed by 'midicrate analyze'."})
class RunCommand implements Callable<Integer> {

    @Mixin
    RootsOptions options;

    @Override
    public Integer call() throws Exception {
        var roots = options.checkedRoots();
        try (ConfigurableApplicationContext context = AppContext.start(!options.noProgress)) {
            var imported = context.getBean(JobRunner.class)
                    .start(context.getBean("importJob", Job.class), ImportJobConfig.parameters(roots));
            int code = Reports.print(context, imported);
            if (code != MidicrateCli.OK) {
                return code;
            }
            return AnalyzeCommand.runAnalyze(context, false);
        }
    }
}
