package io.midicrate.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * midicrate's own folder: the embedded database's data ({@code pgdata}) and the log live in it. Taken from the
 * environment the process was given, so sandboxed and per-user setups each get their own: {@code MIDICRATE_HOME},
 * else {@code $HOME/.midicrate}, else the JVM's {@code user.home} (which Java reads from the password database,
 * whatever {@code $HOME} says) with {@code .midicrate}. As every setting, it can also be given as
 * {@code -Dmidicrate.home=DIR}.
 *
 * @param source what chose it, as a user would write it: {@code MIDICRATE_HOME}, {@code $HOME}, ...
 */
public record MidicrateHome(Path folder, String source) {

    public static final String VARIABLE = "MIDICRATE_HOME";
    /** The property the configuration's {@code ${midicrate.home}} reads. */
    public static final String PROPERTY = "midicrate.home";

    /** This process's folder. */
    public static MidicrateHome current() {
        return resolve(System.getenv(), System::getProperty);
    }

    /**
     * @param environment      the process's environment variables
     * @param systemProperties the JVM's system properties ({@code user.home}, {@code midicrate.home})
     */
    public static MidicrateHome resolve(Map<String, ?> environment, UnaryOperator<String> systemProperties) {
        String property = systemProperties.apply(PROPERTY);
        if (given(property)) {
            return new MidicrateHome(Path.of(property), "-D" + PROPERTY);
        }
        Object variable = environment.get(VARIABLE);
        if (variable != null && given(variable.toString())) {
            return new MidicrateHome(Path.of(variable.toString()), VARIABLE);
        }
        Object home = environment.get("HOME");
        if (home != null && given(home.toString())) {
            return new MidicrateHome(Path.of(home.toString(), ".midicrate"), "$HOME");
        }
        return new MidicrateHome(Path.of(systemProperties.apply("user.home"), ".midicrate"), "the account's home folder");
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    /** Where it is and why, e.g. {@code /home/ann/.midicrate (from $HOME; set MIDICRATE_HOME to move it)}. */
    public String describe() {
        return folder + " (from " + source + (source.equals(VARIABLE) ? ")" : "; set " + VARIABLE + " to move it)");
    }
}
