package io.midicrate.query;

import io.midicrate.common.OperatorException;

/** A bad query: one line that quotes the term and says what was expected. The CLI exits with code 2. */
public class QuerySyntaxException extends OperatorException {

    private final String term;

    public QuerySyntaxException(String term, String expected) {
        super("bad query term '" + term + "': " + expected);
        this.term = term;
    }

    /** The term as written. */
    public String term() {
        return term;
    }
}
