package io.midicrate.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.reprocessjob.Reprocessing;
import io.midicrate.reprocessjob.Selection;
import io.midicrate.AppContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reprocess", mixinStandardHelpOptions = true,
        description = {"Analyses a part of the library again and keeps an audit: who ran it, why, what it selected,",
                "and for every file whose results changed, the old and new values. Different selectors narrow each",
                "other; repeating one widens it. Shows the partitions and counts only with --dry-run."})
class ReprocessCommand implements Callable<Integer> {

    @Option(names = "--ids", paramLabel = "IDS",
            description = "Content ids and ranges, as the query language's id: writes them: 42, 100..200 (or 100-200), ..200, "
                    + "100..; several separated by commas (5,9..10) or repeated.")
    List<String> ids;

    @Option(names = "--path", paramLabel = "PREFIX|GLOB",
            description = {"Files with a path under this prefix, or matching this glob (* ? [..] within a folder, ** across);",
                    "a relative glob matches the end of the path, e.g. '*.kar' (repeatable)."})
    List<String> paths;

    @Option(names = "--import", paramLabel = "EXECUTION",
            description = "Files first brought in by the import run of this execution (see 'midicrate jobs'; repeatable).")
    List<Long> importExecutions;

    @Option(names = "--version-below", paramLabel = "N", description = "Files analysed by an analysis version older than N.")
    Integer versionBelow;

    @Option(names = "--failed", description = "Files whose last analysis failed.")
    boolean failed;

    @Option(names = "--tag", paramLabel = "TAG", description = "Files with this tag, e.g. house or a-minor (repeatable).")
    List<String> tags;

    @Option(names = "--query", paramLabel = "QUERY", preprocessor = QueryArguments.OptionValue.class,
            description = "Files this search query matches, e.g. 'key:Am drums:yes -tag:fill trap' (the language of 'search').")
    String query;

    @Option(names = "--all", description = "Every analysed file.")
    boolean all;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why this runs (required, kept in the audit).")
    String reason;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who runs it (default: the OS user, ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.name}")
    String operator;

    @Option(names = "--dry-run", description = "Only show how many files each partition would reprocess; write nothing.")
    boolean dryRun;

    @Option(names = "--no-progress", description = "Do not draw the progress line.")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Selection selection = new Selection(ids, paths, importExecutions, versionBelow, failed, tags, all, query).validated();
        if (!dryRun && (reason == null || reason.isBlank())) {
            throw new io.midicrate.common.OperatorException("a reprocess needs --reason \"...\": the audit records why it ran");
        }
        try (ConfigurableApplicationContext context = AppContext.start(!noProgress && !dryRun)) {
            Reprocessing reprocessing = context.getBean(Reprocessing.class);
            if (dryRun) {
                List<Reprocessing.Partition> partitions = reprocessing.dryRun(selection);
                System.out.printf("%-12s %12s %12s %10s%n", "PARTITION", "FROM ID", "TO ID", "FILES");
                long total = 0;
                for (Reprocessing.Partition p : partitions) {
                    System.out.printf("%-12s %12d %12d %,10d%n", p.name(), p.minId(), p.maxId(), p.rows());
                    total += p.rows();
                }
                System.out.printf("dry run: %,d files in %d partitions would be reprocessed; nothing was written%n",
                        total, partitions.size());
                return MidicrateCli.OK;
            }
            String commandLine = MidicrateCli.asTyped(spec);
            JobExecution execution = reprocessing.run(selection, operator, reason, commandLine);
            return Reports.print(context, execution);
        }
    }
}
