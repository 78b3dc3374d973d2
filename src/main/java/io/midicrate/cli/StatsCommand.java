package io.midicrate.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.store.reports.LibraryStats;
import io.midicrate.AppContext;
import picocli.CommandLine.Command;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Library totals and distributions: files, duplicates, analysed, failed by family, keys, tempo bands, meters, instruments.")
class StatsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            LibraryStats stats = context.getBean(LibraryStats.class);
            LibraryStats.Totals t = stats.totals();
            System.out.printf("files (paths)     %,12d%n", t.paths());
            System.out.printf("distinct contents %,12d  (%,.1f MB)%n", t.contents(), t.bytes() / 1e6);
            System.out.printf("duplicate paths   %,12d%n", t.duplicatePaths());
            if (t.moved() > 0) {
                System.out.printf("moved by dupes    %,12d  (in quarantine, not counted above; 'midicrate show PATH' says where)%n", t.moved());
            }
            if (t.missing() > 0) {
                System.out.printf("missing           %,12d  (gone at the last import of their folder, not counted above)%n", t.missing());
            }
            System.out.printf("analysed          %,12d%n", t.analysed());
            System.out.printf("failed analysis   %,12d%n", t.failed());
            System.out.printf("not analysed yet  %,12d%n", t.pending());
            section("analysis failures by family (latest error per file)", stats.analysisFailuresByFamily());
            section("import problems by family (latest run)", stats.latestImportProblemsByFamily());
            section("key", stats.keys());
            section("tempo band", stats.tempoBands());
            section("time signature", stats.timeSignatures());
            section("instrument family (files using it)", stats.instrumentFamilies());
            return MidicrateCli.OK;
        }
    }

    private static void section(String title, List<LibraryStats.Count> rows) {
        if (rows.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println(title + ":");
        for (LibraryStats.Count row : rows) {
            System.out.printf("  %-28s %,10d%n", row.value(), row.files());
        }
    }
}
