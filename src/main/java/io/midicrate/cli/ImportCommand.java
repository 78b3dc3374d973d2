package io.midicrate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.batch.JobRunner;
import io.midicrate.importjob.ImportJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports folder trees (and the zip archives in them) of MIDI files: one row per distinct content,",
                "every path kept, unreadable files recorded with a reason. Re-importing an unchanged tree reads no file."})
class ImportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ROOT", description = "Folders to import.")
    List<Path> roots;

    @Option(names = "--no-progress", description = "Do not draw the progress line.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        List<Path> absolute = checkedRoots(roots);
        try (ConfigurableApplicationContext context = AppContext.start(!noProgress)) {
            JobExecution execution = context.getBean(JobRunner.class)
                    .start(context.getBean("importJob", Job.class), ImportJobConfig.parameters(absolute));
            return Reports.print(context, execution);
        }
    }

    /** Every root must be an existing folder: anything else is the operator's mistake, caught before any work. */
    static List<Path> checkedRoots(List<Path> roots) {
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new io.midicrate.batch.OperatorException("no such folder: " + root);
            }
            if (!Files.isDirectory(root)) {
                throw new io.midicrate.batch.OperatorException("not a folder: " + root);
            }
        }
        return roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }
}
