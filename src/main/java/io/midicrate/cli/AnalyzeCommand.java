package io.midicrate.cli;

import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobRunner;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyses every imported file not analysed yet: tempo, key, time signature, duration, notes,",
                "instruments and drums, text, tags. Files that cannot be analysed are recorded and not retried",
                "unless --retry-failed is given."})
class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--retry-failed", description = "Queue the files whose analysis failed before, and try them again.")
    boolean retryFailed;

    @Option(names = "--no-progress", description = "Do not draw the progress line.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        try (ConfigurableApplicationContext context = AppContext.start(!noProgress)) {
            return runAnalyze(context, retryFailed);
        }
    }

    static int runAnalyze(ConfigurableApplicationContext context, boolean retryFailed) throws Exception {
        var execution = context.getBean(JobRunner.class)
                .start(context.getBean("analyzeJob", Job.class), AnalyzeJobConfig.parameters(retryFailed), System.out::println);
        return Reports.print(context, execution);
    }
}
