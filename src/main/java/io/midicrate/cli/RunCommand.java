package io.midicrate.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.batch.JobRunner;
import io.midicrate.importjob.ImportJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Imports the folders, then analyses what is new: the one command to build a library.",
                "Equivalent to 'midicrate import ROOT...' followed by 'midicrate analyze'."})
class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ROOT", description = "Folders to import.")
    List<Path> roots;

    @Option(names = "--no-progress", description = "Do not draw the progress line.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        List<Path> absolute = ImportCommand.checkedRoots(roots);
        try (ConfigurableApplicationContext context = AppContext.start(!noProgress)) {
            var imported = context.getBean(JobRunner.class)
                    .start(context.getBean("importJob", Job.class), ImportJobConfig.parameters(absolute));
            int code = Reports.print(context, imported);
            if (code != MidicrateCli.OK) {
                return code;
            }
            return AnalyzeCommand.runAnalyze(context, false);
        }
    }
}
