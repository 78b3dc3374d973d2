package io.midicrate.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.batch.JobRunner;
import io.midicrate.common.OperatorException;
import io.midicrate.library.ErrorFamily;
import io.midicrate.query.FailureTerms;
import io.midicrate.query.QueryParser;
import io.midicrate.query.ResultFormats;
import io.midicrate.store.library.FileErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

@Command(name = "failures", mixinStandardHelpOptions = true,
        description = {"Lists the files that could not be imported or analysed: family, run, path and",
                "message, newest run first. By default each failed file once (its newest failure)",
                "while it still fails: an import that has read it since, or an analysis of its",
                "content that succeeded since, clears it.",
                "",
                "  midicrate failures --job 12",
                "  midicrate failures --family NOT_MIDI,EMPTY path:/srv/midi/packs",
                "  midicrate failures --format paths 'path:**/Drums/*'",
                ""})
class FailuresCommand implements Callable<Integer> {

    enum Format { TABLE, PATHS, CSV, JSON }

    /** The table's default length; the machine formats list every failure unless --limit says otherwise. */
    static final int TABLE_ROWS = 100;

    @Parameters(arity = "0..*", paramLabel = "QUERY",
            description = "path: terms (a glob, an absolute prefix or a text, as in search) and words, matched in the path or the message.")
    List<String> query = new ArrayList<>();

    @Option(names = "--job", paramLabel = "ID",
            description = "An execution id (as 'midicrate jobs' lists it): every failure its run recorded.")
    Long job;

    @Option(names = "--family", paramLabel = "FAMILY", split = ",",
            description = "Only these error families (repeat or separate with commas), e.g. NOT_MIDI,ZIP_BOMB.")
    List<String> families = new ArrayList<>();

    @Option(names = "--all", description = "Every failure ever recorded: each run's, cleared ones included.")
    boolean all;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, paths, csv or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-n", "--limit"}, paramLabel = "N",
            description = "At most this many failures (default: " + TABLE_ROWS + " in a table, all in the other formats).")
    Long limit;

    @Override
    public Integer call() throws Exception {
        // everything the operator wrote is checked before the database starts
        FailureTerms terms = FailureTerms.of(QueryParser.parse(query, false));
        Set<ErrorFamily> wanted = families(families);
        Format output = format(format);
        if (limit != null && limit < 1) {
            throw new OperatorException("--limit must be at least 1");
        }
        long rows = limit != null ? limit : output == Format.TABLE ? TABLE_ROWS : Long.MAX_VALUE;
        if (job != null && all) {
            throw new OperatorException("--job lists every failure of its run already; --all is for the whole library");
        }
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            Long run = null;
            if (job != null) {
                JobExecution execution = context.getBean(JobRunner.class).find(job);
                if (execution == null) {
                    throw new OperatorException("no execution " + job + " (see 'midicrate jobs')");
                }
                run = execution.getJobInstance().getInstanceId();
            }
            FileErrors.FailureFilter filter = new FileErrors.FailureFilter(run, wanted, all, terms);
            FileErrors errors = context.getBean(FileErrors.class);
            PrintStream out = System.out;
            switch (output) {
                case TABLE -> table(errors, filter, rows, out);
                case PATHS -> errors.failures(filter, rows, f -> out.println(f.path()));
                case CSV -> csv(errors, filter, rows, out);
                case JSON -> json(errors, filter, rows, out);
            }
            out.flush();
            return MidicrateCli.OK;
        }
    }

    private static void table(FileErrors errors, FileErrors.FailureFilter filter, long rows, PrintStream out) {
        out.printf("%-16s %-14s %8s  %s%n", "FAMILY", "RUN", "EXEC", "PATH: MESSAGE");
        long[] shown = {0};
        long total = errors.failures(filter, rows, f -> {
            shown[0]++;
            out.printf("%-16s %-14s %8d  %s: %s%n", f.family(), f.job() + " #" + f.run(), f.execution(),
                    ResultFormats.printable(f.path()), ResultFormats.printable(f.message()));
        });
        if (total == 0) {
            out.println(narrowed(filter) ? "(no failure matches)" : filter.run() != null ? "(this run recorded no failure)"
                    : "(no failed file)");
        } else if (shown[0] < total) {
            out.printf("(%,d of %,d failures shown; --limit N for more, --format csv for all)%n", shown[0], total);
        } else {
            out.printf("(%,d failure%s)%n", total, total == 1 ? "" : "s");
        }
    }

    private static boolean narrowed(FileErrors.FailureFilter filter) {
        return !filter.families().isEmpty() || !"TRUE".equals(filter.terms().sql());
    }

    static final List<String> CSV_COLUMNS = List.of("path", "family", "message", "job", "run", "execution",
            "recordedAt", "contentId");

    private static void csv(FileErrors errors, FileErrors.FailureFilter filter, long rows, PrintStream out) {
        CsvSchema.Builder columns = CsvSchema.builder().setUseHeader(true);
        CSV_COLUMNS.forEach(columns::addColumn);
        try (SequenceWriter csv = CsvMapper.builder().build().writer(columns.build())
                .without(tools.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).writeValues(out)) {
            long total = errors.failures(filter, rows, f -> csv.write(new Object[] {f.path(), f.family(), f.message(),
                    f.job(), f.run(), f.execution(), f.recordedAt() == null ? null : f.recordedAt().toString(), f.contentId()}));
            if (total == 0) {
                out.println(String.join(",", CSV_COLUMNS)); // the header Jackson writes with the first row
            }
        }
    }

    private static void json(FileErrors errors, FileErrors.FailureFilter filter, long rows, PrintStream out) {
        try (SequenceWriter array = SearchCommand.JSON.writerWithDefaultPrettyPrinter()
                .without(tools.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).writeValuesAsArray(out)) {
            errors.failures(filter, rows, array::write);
        }
        out.println();
    }

    /** Family names in any case; a name that is none is the operator's mistake, answered with the list. */
    static Set<ErrorFamily> families(List<String> names) {
        Set<ErrorFamily> wanted = EnumSet.noneOf(ErrorFamily.class);
        for (String name : names) {
            try {
                wanted.add(ErrorFamily.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new OperatorException("no error family '" + name + "'; the families are "
                        + Arrays.stream(ErrorFamily.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return wanted;
    }

    static Format format(String name) {
        try {
            return Format.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OperatorException("--format takes table, paths, csv or json, not '" + name + "'");
        }
    }
}
