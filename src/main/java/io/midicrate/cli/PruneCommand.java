package io.midicrate.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.query.ResultFormats;
import io.midicrate.store.curation.CurationBackups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Lists the curation (stars, ratings, your tags, crate places) of files gone from every path of the",
                "library; with --yes forgets it. It never touches a file: it only forgets choices about bytes no path holds."})
class PruneCommand implements Callable<Integer> {

    @Option(names = "--yes", description = "Forget what is listed (without it, nothing changes).")
    boolean yes;

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            CurationBackups backups = context.getBean(CurationBackups.class);
            List<CurationBackups.Orphan> orphans = backups.orphans();
            if (orphans.isEmpty()) {
                System.out.println("nothing to prune: every file with a star, rating, tag or crate place is on a live path");
                return MidicrateCli.OK;
            }
            for (CurationBackups.Orphan o : orphans) {
                System.out.println(o.blake3().substring(0, 16) + "  "
                        + (o.lastPath() == null ? "(never in this library)" : ResultFormats.printable(o.lastPath()))
                        + "  " + kept(o));
            }
            if (!yes) {
                System.out.println(Reports.count(orphans.size(), "files") + " gone from every path keep curation; "
                        + "'midicrate prune --yes' forgets it (no file is touched)");
                return MidicrateCli.OK;
            }
            CurationBackups.Pruned p = backups.prune(orphans.stream().map(CurationBackups.Orphan::blake3).toList());
            System.out.println("forgot " + Reports.count(p.stars(), "stars") + ", " + Reports.count(p.ratings(), "ratings")
                    + ", " + Reports.count(p.tags(), "tags") + " and " + Reports.count(p.crateFiles(), "crate places")
                    + " of " + Reports.count(orphans.size(), "files") + " gone from every path");
            return MidicrateCli.OK;
        }
    }

    private static String kept(CurationBackups.Orphan o) {
        StringBuilder s = new StringBuilder();
        if (o.favourite()) {
            s.append("starred; ");
        }
        if (o.rating() != null) {
            s.append("rated ").append(o.rating()).append("; ");
        }
        if (!o.tags().isEmpty()) {
            s.append("tags ").append(String.join(" ", o.tags())).append("; ");
        }
        if (!o.crates().isEmpty()) {
            s.append("crates ").append(ResultFormats.printable(String.join(", ", o.crates()))).append("; ");
        }
        return s.substring(0, Math.max(0, s.length() - 2));
    }
}
