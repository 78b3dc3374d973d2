package io.midicrate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The QUERY arguments of a command ({@code search}, {@code dupes}, {@code export}): an argument that is not one of the
 * command's options is a query term, so {@code -tag:fill} is a negated term, not an unknown option. Told apart by
 * shape: two dashes ({@code --limt}) always name an option, and an unknown one is refused; one dash and a word
 * ({@code -tag:fill}, {@code -house}) is a term unless it is exactly a short option ({@code -n}, {@code -h}); a short
 * option with its number attached ({@code -n5}) is refused, as neither. Picocli's own guess (an argument "resembles an
 * option" when its first letters match option names) took {@code -narrow} for {@code -n arrow} and {@code -house} for
 * {@code -h}, so short options do not cluster in these commands and every argument left over comes here, one at a
 * time.
 */
final class QueryArguments implements CommandLine.IParameterPreprocessor {

    /**
     * Sets the parser of every command whose QUERY arguments this class reads: short options never cluster, and every
     * argument that is no option comes here.
     */
    static void configure(CommandLine root) {
        for (CommandLine command : root.getSubcommands().values()) {
            if (command.getCommandSpec().positionalParameters().stream().anyMatch(p -> p.preprocessor() instanceof QueryArguments)) {
                command.setPosixClusteredShortOptionsAllowed(false);
                command.setUnmatchedOptionsArePositionalParams(true);
            }
        }
    }

    /**
     * An option whose value is a query ({@code reprocess --query}): the next argument is its value even when it starts
     * like a short option ({@code --query -house}, which picocli took for {@code -h}); a separate one starting with
     * {@code --} is left to picocli, which says the value is missing.
     */
    static final class OptionValue implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
            boolean attached = !" ".equals(info.get("separator")); // --query=... : the value is whatever follows '='
            if (args.isEmpty() || (!attached && args.peek().startsWith("--"))) {
                return false;
            }
            option.setValue(args.pop());
            return true;
        }
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec query, Map<String, Object> info) {
        String arg = args.pop();
        if (arg.startsWith("--") && arg.length() > 2) {
            throw new CommandLine.UnmatchedArgumentException(command.commandLine(), List.of(arg));
        }
        if (isShortOptionWithNumber(command, arg)) { // -n5 would be a negated word: say what was meant
            throw new CommandLine.ParameterException(command.commandLine(), "'" + arg + "' is no option here: write "
                    + arg.substring(0, 2) + " " + arg.substring(2) + " (a '-word' is a negated query term)");
        }
        List<String> terms = query.getValue();
        if (terms == null) {
            terms = new ArrayList<>();
            query.setValue(terms);
        }
        terms.add(arg);
        return true;
    }

    /** Whether {@code arg} is a short option that takes a value with a number attached ({@code -n5}). */
    private static boolean isShortOptionWithNumber(CommandSpec command, String arg) {
        if (arg.length() < 3 || arg.charAt(0) != '-' || !arg.substring(2).chars().allMatch(Character::isDigit)) {
            return false;
        }
        OptionSpec option = command.findOption(arg.substring(0, 2));
        return option != null && option.arity().max() > 0;
    }
}
