package io.midicrate.cli;

import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.midicrate.AppContext;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Imports the folders, then analyses what is new: the one command to build a library.",
                "Equivalent to 'midicrate import ROOT...' followed by 'midicrate analyze'."})
class RunCommand implements Callable<Integer> {

    @Mixin
    RootsOptions options;

    @Override
    public Integer call() throws Exception {
        var roots = options.checkedRoots();
        try (ConfigurableApplicationContext context = AppContext.start(!options.noProgress)) {
            int code = ImportCommand.runImport(context, roots);
            if (code != MidicrateCli.OK) {
                return code;
            }
            return AnalyzeCommand.runAnalyze(context, false);
        }
    }
}
