package io.midicrate.cli;

import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.midicrate.AppContext;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Imports the folders, then analyses what is new: the one command to build a library.",
                "Equivalent to 'midicrate import ROOT...' followed by 'midicrate analyze'. Stopped or failed in its",
                "import, 'midicrate restart' finishes the import and then analyses, as run would have."})
class RunCommand implements Callable<Integer> {

    @Mixin
    RootsOptions options;

    @Override
    public Integer call() throws Exception {
        var roots = options.checkedRoots();
        try (ConfigurableApplicationContext context = AppContext.start(!options.noProgress)) {
            int code = ImportCommand.runImport(context, roots, true);
            if (code != MidicrateCli.OK) {
                return code;
            }
            return AnalyzeCommand.runAnalyze(context, false);
        }
    }
}
