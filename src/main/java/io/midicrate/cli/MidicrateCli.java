package io.midicrate.cli;

import java.io.PrintWriter;

import io.midicrate.batch.JobFailedException;
import io.midicrate.common.OperatorException;
import io.midicrate.common.ShellWords;
import io.midicrate.config.MidicrateHome;
import io.midicrate.query.SearchOptionException;
import io.midicrate.bench.BenchCommand;
import io.midicrate.bench.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line. Options are parsed before Spring starts, so {@code --help} and operator mistakes answer at once
 * and with exit code 2; only a command that does real work starts the application context and the database.
 */
@Command(name = "midicrate", mixinStandardHelpOptions = true, versionProvider = MidicrateCli.Version.class,
        description = "Imports and analyses huge MIDI libraries into PostgreSQL.",
        subcommands = {RunCommand.class, ImportCommand.class, AnalyzeCommand.class, SearchCommand.class, ShowCommand.class, PlayCommand.class, FailuresCommand.class, StatsCommand.class, JobsCommand.class,
                GenerateCommand.class, BenchCommand.class, DupesCommand.class, ExportCommand.class,
                RestartCommand.class, ReprocessCommand.class, AuditCommand.class, ServeCommand.class, WorkerCommand.class,
                FavCommand.class, RateCommand.class, TagCommand.class, CrateCommand.class, CurationCommand.class, PruneCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the job completed (files that could not be read are recorded, not fatal)",
                "1:the job failed (restart it with 'midicrate restart --last')",
                "2:operator error: a missing folder, a bad option, nothing to restart, another import running",
                "143:stopped by SIGTERM (128 + 15) at a chunk boundary; 'midicrate restart ID' continues it"})
public class MidicrateCli implements Runnable {

    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int OPERATOR_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command (run, import, analyze, stats, jobs, restart, ...)");
    }

    /** The command line as {@link #execute} parses it. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MidicrateCli());
        QueryArguments.configure(cli);
        // picocli reads the footer as a format: a '%' in the path is written doubled
        cli.getCommandSpec().usageMessage().footer("%nmidicrate's folder (the embedded database, pgdata/, and the log, midicrate.log):",
                "  " + MidicrateHome.current().describe().replace("%", "%%"));
        return cli;
    }

    /** Whether {@code args} parse as a command line, without running it: null when they do, else the reason. */
    static String parses(String... args) {
        try {
            commandLine().parseArgs(args);
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    public static int execute(String... args) {
        CommandLine cli = commandLine();
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String suggestion = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty() ? "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?" : "";
            err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage() + suggestion
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return OPERATOR_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = rootCause(e);
            if (cause instanceof SearchOptionException option) {
                err.println("midicrate: " + option.describe(o -> "--" + o.word()));
                return OPERATOR_ERROR;
            }
            if (e instanceof OperatorException || cause instanceof OperatorException) {
                err.println("midicrate: " + cause.getMessage());
                return OPERATOR_ERROR;
            }
            if (cause instanceof JobFailedException) {
                err.println("midicrate: " + cause.getMessage());
                return JOB_FAILED;
            }
            err.println("midicrate: error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return JOB_FAILED;
        });
        return cli.execute(args);
    }

    /**
     * The command line as the user typed it, for the records that keep it (audits, dupes manifests): the whole argv
     * once, each argument shell-quoted where it needs to be, so it can be pasted back into a shell.
     */
    static String asTyped(CommandLine.Model.CommandSpec spec) {
        return "midicrate " + ShellWords.join(spec.root().commandLine().getParseResult().originalArgs());
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof OperatorException)
                && !(t instanceof JobFailedException)) {
            t = t.getCause();
        }
        return t;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MidicrateCli.class.getPackage().getImplementationVersion();
            return new String[] {"midicrate " + (v == null ? "(development build)" : v)};
        }
    }
}
