package io.midicrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.common.OperatorException;
import io.midicrate.library.FileProblem;
import io.midicrate.store.curation.CurationBackups;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "curation", mixinStandardHelpOptions = true,
        description = {"A backup of what you keep (stars, ratings, your tags, crates) as JSON keyed by BLAKE3, with the",
                "paths that held each file: it outlives the database and moves to another machine."},
        subcommands = {CurationCommand.Export.class, CurationCommand.Import.class})
class CurationCommand implements Runnable {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an action: export or import");
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes everything kept into FILE (replaced whole, never half-written).")
    static class Export implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The JSON file to write.")
        Path file;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                CurationBackups.Backup backup = context.getBean(CurationBackups.class).read();
                Path target = file.toAbsolutePath();
                Path tmp = target.resolveSibling("." + target.getFileName() + ".writing");
                try {
                    Files.createDirectories(target.getParent());
                    Files.writeString(tmp, JSON.writeValueAsString(backup) + "\n");
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | JacksonException e) {
                    throw new OperatorException("cannot write " + target + ": " + FileProblem.describe(e));
                }
                System.out.println("wrote the curation of " + Reports.count(backup.files().size(), "files") + " and "
                        + Reports.count(backup.crates().size(), "crates") + " to " + target);
                return MidicrateCli.OK;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Merges a backup in: stars and tags are added, ratings set, crates made when new and their files",
                    "appended. Files this library does not hold (yet) keep their curation for when they come."})
    static class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "A file 'midicrate curation export' wrote.")
        Path file;

        @Override
        public Integer call() {
            CurationBackups.Backup backup;
            try {
                backup = JSON.readValue(Files.readString(file), CurationBackups.Backup.class);
            } catch (IOException e) {
                throw new OperatorException("cannot read " + file + ": " + FileProblem.describe(e));
            } catch (JacksonException e) {
                throw new OperatorException(file + " is not a curation backup: " + e.getOriginalMessage());
            }
            try (ConfigurableApplicationContext context = AppContext.start(false)) {
                CurationBackups.Merged m = context.getBean(CurationBackups.class).merge(backup);
                System.out.println("imported " + file + ": " + Reports.count(m.stars(), "stars") + ", "
                        + Reports.count(m.ratings(), "ratings") + ", " + Reports.count(m.tags(), "tags") + " added or changed; "
                        + Reports.count(m.cratesMade(), "crates") + " made, " + Reports.count(m.crateFiles(), "files")
                        + " added to crates" + (m.notInLibrary() == 0 ? "" : "; " + Reports.count(m.notInLibrary(), "files")
                        + " of it are not in this library (kept for when they come)"));
                return MidicrateCli.OK;
            }
        }
    }
}
