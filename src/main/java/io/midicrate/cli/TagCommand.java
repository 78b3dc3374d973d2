package io.midicrate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.common.OperatorException;
import io.midicrate.library.UserTags;
import io.midicrate.store.curation.CurationJournal;
import io.midicrate.store.curation.Curations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Your own tags, kept apart from the tags analysis derives (re-analysis never changes them):",
                "'tag add WORD QUERY...' and 'tag rm WORD QUERY...'; 'search utag:WORD' finds them. A tag is letters,",
                "digits, '-' and '_', up to 64 characters, in any case (kept in lower case)."},
        subcommands = {TagCommand.Add.class, TagCommand.Remove.class})
class TagCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--undo", description = "Put back the tags as they were before the last tag add or rm (once each, newest first).")
    boolean undo;

    @Override
    public void run() {
        if (!undo) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name an action: add or rm (or --undo)");
        }
        Undo.last(CurationJournal.Kind.TAG);
    }

    static String word(String word) {
        try {
            return UserTags.normalise(word);
        } catch (IllegalArgumentException e) {
            throw new OperatorException(e.getMessage() + ": '" + word + "'");
        }
    }

    abstract static class Action implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "WORD", description = "The tag.")
        String word;

        @Parameters(index = "1..*", paramLabel = "ID|PATH|QUERY", arity = "1..*",
                description = "Content ids, one path, or a query.")
        List<String> targets = new ArrayList<>();

        abstract int write(Curations curations, long[] ids, String tag);

        /** The action's name as typed: add or rm. */
        abstract String name();

        abstract String summary(String tag, long changed, long unchanged);

        @Override
        public Integer call() {
            String tag = word(word);
            Targets files = Targets.of(targets);
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                Curations curations = context.getBean(Curations.class);
                CurationJournal journal = context.getBean(CurationJournal.class);
                long change = journal.begin(CurationJournal.Kind.TAG, Undo.command("tag " + name() + " " + tag, targets));
                long[] changed = {0};
                long matched = files.forEachBatch(context, null, ids -> {
                    journal.beforeTag(change, ids, tag);
                    changed[0] += write(curations, ids, tag);
                });
                System.out.println(matched == 0 ? files.nothingMatched() : summary(tag, changed[0], matched - changed[0]));
                return MidicrateCli.OK;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Tags the files with WORD.")
    static class Add extends Action {
        @Override
        String name() {
            return "add";
        }

        @Override
        int write(Curations curations, long[] ids, String tag) {
            return curations.addTag(ids, tag);
        }

        @Override
        String summary(String tag, long changed, long unchanged) {
            return String.format(java.util.Locale.ROOT, "tagged %s '%s' (%,d already had it)",
                    Reports.count(changed, "files"), tag, unchanged);
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Takes WORD off the files.")
    static class Remove extends Action {
        @Override
        String name() {
            return "rm";
        }

        @Override
        int write(Curations curations, long[] ids, String tag) {
            return curations.removeTag(ids, tag);
        }

        @Override
        String summary(String tag, long changed, long unchanged) {
            return String.format(java.util.Locale.ROOT, "took tag '%s' off %s (%,d did not have it)", tag,
                    Reports.count(changed, "files"), unchanged);
        }
    }
}
