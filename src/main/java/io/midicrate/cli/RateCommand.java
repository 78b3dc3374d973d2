package io.midicrate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.common.OperatorException;
import io.midicrate.store.curation.CurationJournal;
import io.midicrate.store.curation.Curations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rate", mixinStandardHelpOptions = true,
        description = {"Rates files 1 to 5 (0, or --clear with no rating, removes the rating): by content id, by path, or",
                "every file a query matches. 'search rating:4..' finds them."})
class RateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "N ID|PATH|QUERY", arity = "0..*",
            description = "The rating (1..5, 0 clears), then content ids, one path, or a query.")
    List<String> args = new ArrayList<>();

    @Option(names = "--clear", description = "Remove the rating; every argument names files.")
    boolean clear;

    @Option(names = "--undo", description = "Put back the ratings as they were before the last rate command (once each, newest first).")
    boolean undo;

    @Override
    public Integer call() {
        if (undo) {
            return Undo.last(CurationJournal.Kind.RATE);
        }
        if (args.isEmpty()) {
            throw new OperatorException("rate needs N and ID, PATH or QUERY (or --undo)");
        }
        int rating = clear ? 0 : rating(args.get(0));
        Targets files = Targets.of(clear ? args : args.subList(1, args.size()));
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            Curations curations = context.getBean(Curations.class);
            CurationJournal journal = context.getBean(CurationJournal.class);
            long change = journal.begin(CurationJournal.Kind.RATE, Undo.command("rate", clear ? withClear() : args));
            long[] changed = {0};
            long matched = files.forEachBatch(context, null, ids -> {
                journal.beforeRatings(change, ids);
                changed[0] += rating == 0 ? curations.clearRating(ids) : curations.rate(ids, rating);
            });
            if (matched == 0) {
                System.out.println(files.nothingMatched());
            } else if (rating == 0) {
                System.out.printf("cleared the rating of %s (%,d had none)%n", Reports.count(changed[0], "files"),
                        matched - changed[0]);
            } else {
                System.out.printf("rated %s %d (%,d already rated %d)%n", Reports.count(changed[0], "files"), rating,
                        matched - changed[0], rating);
            }
            return MidicrateCli.OK;
        }
    }

    static int rating(String text) {
        if (!text.matches("\\d{1,9}") || Integer.parseInt(text) > 5) {
            throw new OperatorException("a rating is a whole number from 1 to 5 (0 or --clear removes it), not '"
                    + text + "'");
        }
        return Integer.parseInt(text);
    }

    private List<String> withClear() {
        List<String> words = new ArrayList<>(List.of("--clear"));
        words.addAll(args);
        return words;
    }
}
