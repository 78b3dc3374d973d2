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

@Command(name = "fav", mixinStandardHelpOptions = true,
        description = {"Stars files (or with --off takes the star away): by content id, by path, or every file a query",
                "matches. The star belongs to the bytes, so it follows a file across its paths and re-imports;",
                "'search fav:yes' finds the starred ones."})
class FavCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID|PATH|QUERY", arity = "0..*", description = "Content ids, one path, or a query.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--off", description = "Take the star away instead.")
    boolean off;

    @Option(names = "--undo", description = "Put back the stars as they were before the last fav command (once each, newest first).")
    boolean undo;

    @Override
    public Integer call() {
        if (undo) {
            return Undo.last(CurationJournal.Kind.FAV);
        }
        if (targets.isEmpty()) {
            throw new OperatorException("fav needs ID, PATH or QUERY (or --undo)");
        }
        Targets files = Targets.of(targets);
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            Curations curations = context.getBean(Curations.class);
            CurationJournal journal = context.getBean(CurationJournal.class);
            long change = journal.begin(CurationJournal.Kind.FAV, Undo.command("fav", off ? withOff() : targets));
            long[] changed = {0};
            long matched = files.forEachBatch(context, null, ids -> {
                journal.beforeStars(change, ids);
                changed[0] += off ? curations.unstar(ids) : curations.star(ids);
            });
            if (matched == 0) {
                System.out.println(files.nothingMatched());
            } else if (off) {
                System.out.printf("unstarred %s (%,d were not starred)%n", Reports.count(changed[0], "files"), matched - changed[0]);
            } else {
                System.out.printf("starred %s (%,d already starred)%n", Reports.count(changed[0], "files"), matched - changed[0]);
            }
            return MidicrateCli.OK;
        }
    }

    private List<String> withOff() {
        List<String> words = new ArrayList<>(List.of("--off"));
        words.addAll(targets);
        return words;
    }
}
