package io.midicrate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.store.curation.Curations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fav", mixinStandardHelpOptions = true,
        description = {"Stars files (or with --off takes the star away): by content id, by path, or every file a query",
                "matches. The star belongs to the bytes, so it follows a file across its paths and re-imports;",
                "'search fav:yes' finds the starred ones."})
class FavCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID|PATH|QUERY", arity = "1..*", description = "Content ids, one path, or a query.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--off", description = "Take the star away instead.")
    boolean off;

    @Override
    public Integer call() {
        Targets files = Targets.of(targets);
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            Curations curations = context.getBean(Curations.class);
            long[] changed = {0};
            long matched = files.forEachBatch(context, null,
                    ids -> changed[0] += off ? curations.unstar(ids) : curations.star(ids));
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
}
