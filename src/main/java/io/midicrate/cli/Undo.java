package io.midicrate.cli;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.common.ShellWords;
import io.midicrate.store.curation.CurationJournal;

/** The {@code --undo} of the bulk curation commands: the last change of one kind, put back, said in one line. */
final class Undo {

    private Undo() {
    }

    static int last(CurationJournal.Kind kind) {
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            CurationJournal.Undone undone = context.getBean(CurationJournal.class).undoLast(kind);
            System.out.println("undid 'midicrate " + undone.command() + "': " + Reports.count(undone.files(), "files")
                    + " as they were before it");
            return MidicrateCli.OK;
        }
    }

    /** The command line a journal entry names: the command's words as given. */
    static String command(String name, java.util.List<String> words) {
        return name + " " + ShellWords.join(words);
    }
}
