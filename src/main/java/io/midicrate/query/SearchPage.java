package io.midicrate.query;

import java.util.List;

/**
 * One page of results, in the order asked for.
 *
 * @param next where the next page starts, or null when this page is the last
 */
public record SearchPage(List<SearchRow> rows, Cursor next) {

    public SearchPage {
        rows = List.copyOf(rows);
    }

    public boolean hasMore() {
        return next != null;
    }
}
