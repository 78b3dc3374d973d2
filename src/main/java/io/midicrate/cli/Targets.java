package io.midicrate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.common.OperatorException;
import io.midicrate.query.FileDetails;
import io.midicrate.query.FileDetailsQuery;
import io.midicrate.query.LibrarySearch;
import io.midicrate.query.Query;
import io.midicrate.query.QueryParser;
import io.midicrate.query.Sort;
import io.midicrate.store.curation.Curations;

/**
 * The files a curation command acts on, written as content ids ({@code fav 12 40}), one path as stored or on disk
 * ({@code fav /srv/midi/a.mid}), or a query ({@code fav key:Am drums:yes}); handed over in batches of ids, in the
 * query's order.
 */
final class Targets {

    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    static final int BATCH = 1_000;

    private final List<String> args;
    private final Query query;

    private Targets(List<String> args, Query query) {
        this.args = List.copyOf(args);
        this.query = query;
    }

    /**
     * Reads what the arguments name; a query is parsed before the database is started, so a bad term answers at once.
     */
    static Targets of(List<String> args) {
        if (args.isEmpty() || args.stream().allMatch(String::isBlank)) {
            throw new OperatorException("name the files: content ids, a path, or a query (e.g. key:Am drums:yes)");
        }
        boolean ids = args.stream().allMatch(a -> ID.matcher(a).matches());
        String first = args.get(0);
        boolean onePath = args.size() == 1 && (first.startsWith("/") || first.contains("!/") || isFile(first));
        return new Targets(args, ids || onePath ? null : QueryParser.parse(args, false));
    }

    private static boolean isFile(String arg) {
        try {
            return java.nio.file.Files.isRegularFile(Path.of(arg));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What was written, for messages. */
    String describe() {
        return String.join(" ", args);
    }

    /**
     * Hands the matches over in batches; answers how many there were. Ids that name no content, or a path no content
     * holds, are an operator error (nothing is written); a query that matches nothing hands nothing over.
     */
    long forEachBatch(ConfigurableApplicationContext context, Sort sort, Consumer<long[]> batch) {
        if (query != null) {
            long[] total = {0};
            List<Long> pending = new ArrayList<>(BATCH);
            context.getBean(LibrarySearch.class).forEachMatchingId(query, sort, id -> {
                pending.add(id);
                if (pending.size() == BATCH) {
                    batch.accept(pending.stream().mapToLong(Long::longValue).toArray());
                    total[0] += pending.size();
                    pending.clear();
                }
            });
            if (!pending.isEmpty()) {
                batch.accept(pending.stream().mapToLong(Long::longValue).toArray());
                total[0] += pending.size();
            }
            return total[0];
        }
        long[] ids;
        if (ID.matcher(args.get(0)).matches()) {
            ids = args.stream().mapToLong(Long::parseLong).distinct().toArray();
            List<Long> found = context.getBean(Curations.class).existing(ids);
            if (found.size() < ids.length) {
                long missing = java.util.Arrays.stream(ids).filter(id -> !found.contains(id)).findFirst().orElseThrow();
                throw new OperatorException("no file " + missing + " in the library (an id as 'search' prints it)");
            }
        } else {
            FileDetailsQuery files = context.getBean(FileDetailsQuery.class);
            String path = args.get(0);
            Optional<FileDetails> found = files.show(path).or(() -> files.show(ShowCommand.absolute(path)));
            ids = new long[] {found.orElseThrow(() -> new OperatorException("no file " + path
                    + " in the library (a path as stored, e.g. /srv/midi/a.zip!/b.mid)")).id()};
        }
        batch.accept(ids);
        return ids.length;
    }

    /** The line a bulk action prints when a query matched nothing (exit 0: nothing was wrong, nothing changed). */
    String nothingMatched() {
        return "no file matches '" + describe() + "': nothing changed";
    }
}
