package io.midicrate.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The terms of a query that a recorded per-file failure can answer, as a SQL condition over {@code file_error e} and
 * its bound arguments: {@code path:} terms ask its path (a glob, an absolute prefix or a text it contains, as in a
 * search) and words or quoted phrases its path or message (any case). A file that failed its import has no content,
 * so every other term is refused, before any work, as a bad query term.
 */
public record FailureTerms(String sql, List<Object> args) {

    public FailureTerms {
        args = List.copyOf(args);
    }

    /** @throws QuerySyntaxException for a term a failure has nothing to answer with (key:, bpm:, tag: ...) */
    public static FailureTerms of(Query query) {
        List<String> and = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Query.Term term : query.terms()) {
            String predicate;
            if (term instanceof Query.Paths paths) {
                predicate = QuerySql.pathMatch("e.path", paths, args);
            } else if (term instanceof Query.Text text) {
                predicate = textMatch(text, args);
            } else {
                throw new QuerySyntaxException(term.source(),
                        "failures are found by path: terms and words (in the path or the message); a failed file has no analysis to ask");
            }
            // path and message are never NULL, so NOT is exact
            and.add((term.negated() ? "NOT (" : "(") + predicate + ")");
        }
        return new FailureTerms(and.isEmpty() ? "TRUE" : String.join(" AND ", and), args);
    }

    /** Every word, or the phrase's words in order with only separators between, anywhere in the path or message. */
    private static String textMatch(Query.Text text, List<Object> args) {
        String haystack = "(e.path || ' ' || e.message)";
        if (text.phrase()) {
            // the words hold only letters and digits, so none of them is special in a regex
            args.add(String.join("[^[:alnum:]]+", text.words()));
            return haystack + " ~* ?";
        }
        List<String> each = new ArrayList<>();
        for (String word : text.words()) {
            each.add(haystack + " ILIKE ?");
            args.add("%" + QuerySql.likeEscape(word) + "%");
        }
        return String.join(" AND ", each);
    }
}
