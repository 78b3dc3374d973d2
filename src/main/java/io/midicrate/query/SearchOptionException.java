package io.midicrate.query;

import java.util.Locale;
import java.util.function.Function;

import io.midicrate.common.OperatorException;

/**
 * A search option the query layer refuses (a page size out of range, a cursor of another order, an unknown sort): it
 * names the problem and the options involved, and each caller says it in its own words, {@code --limit} on the
 * command line and the field's name on the web page.
 */
public final class SearchOptionException extends OperatorException {

    /** The options of a search, as the query layer knows them. */
    public enum Option {
        LIMIT, SORT, AFTER;

        /** The option's plain name: limit, sort, after. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String template;

    /** {@code template} names options as {limit}, {sort}, {after}. */
    SearchOptionException(String template) {
        super(render(template, Option::word));
        this.template = template;
    }

    /** The message with each option named by {@code naming}. */
    public String describe(Function<Option, String> naming) {
        return render(template, naming);
    }

    private static String render(String template, Function<Option, String> naming) {
        String text = template;
        for (Option option : Option.values()) {
            text = text.replace("{" + option.word() + "}", naming.apply(option));
        }
        return text;
    }
}
