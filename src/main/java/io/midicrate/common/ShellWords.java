package io.midicrate.common;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Arguments written back as a POSIX shell reads them, for the command lines that audits and manifests record: a
 * person can copy one into a shell and run the same command again.
 */
public final class ShellWords {

    /** Characters no POSIX shell treats specially anywhere in a word. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    /** The argument as it is when nothing in it is special to a shell, else in single quotes ({@code '} as {@code '\''}). */
    public static String quote(String argument) {
        if (PLAIN.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** The arguments, each quoted when it needs to be, separated by spaces. */
    public static String join(List<String> arguments) {
        return arguments.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }
}
