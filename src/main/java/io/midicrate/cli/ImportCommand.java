package io.midicrate.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.batch.JobRunner;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports folder trees (and the zip archives in them) of MIDI files: one row per distinct content,",
                "every path kept, unreadable files recorded with a reason. Re-importing an unchanged tree reads no file."})
class ImportCommand implements Callable<Integer> {

    @Mixin
    RootsOptions options;

    @Override
    public Integer call() throws Exception {
        var roots = options.checkedRoots();
        try (ConfigurableApplicationContext context = AppContext.start(!options.noProgress)) {
            return runImport(context, roots, false);
        }
    }

    /** @param thenAnalyze the caller analyses next ({@code run}), recorded on the run so a restart does too */
    static int runImport(ConfigurableApplicationContext context, List<Path> roots, boolean thenAnalyze) throws Exception {
        JobExecution execution = context.getBean(JobRunner.class).start(context.getBean("importJob", Job.class),
                ImportJobConfig.parameters(roots, thenAnalyze), System.out::println);
        return Reports.print(context, execution);
    }
}
