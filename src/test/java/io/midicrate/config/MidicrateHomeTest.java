package io.midicrate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.midicrate.support.CliRun;

/** midicrate's folder follows the environment it is given: MIDICRATE_HOME, then $HOME, then the account's home. */
class MidicrateHomeTest {

    static final UnaryOperator<String> JVM = key -> key.equals("user.home") ? "/home/from-passwd" : null;

    @Test
    void midicrateHomeWinsThenHomeThenTheAccountsHomeFolder() {
        assertThat(MidicrateHome.resolve(Map.of("MIDICRATE_HOME", "/srv/crate", "HOME", "/sandbox"), JVM))
                .isEqualTo(new MidicrateHome(Path.of("/srv/crate"), "MIDICRATE_HOME"));
        assertThat(MidicrateHome.resolve(Map.of("HOME", "/sandbox"), JVM))
                .isEqualTo(new MidicrateHome(Path.of("/sandbox/.midicrate"), "$HOME"));
        assertThat(MidicrateHome.resolve(Map.of(), JVM).folder()).isEqualTo(Path.of("/home/from-passwd/.midicrate"));
        assertThat(MidicrateHome.resolve(Map.of("MIDICRATE_HOME", " ", "HOME", ""), JVM).folder())
                .as("blank variables are unset ones").isEqualTo(Path.of("/home/from-passwd/.midicrate"));
        assertThat(MidicrateHome.resolve(Map.of("MIDICRATE_HOME", "/srv/crate"),
                key -> key.equals("midicrate.home") ? "/opt/x" : null).folder())
                .as("-Dmidicrate.home, like any setting").isEqualTo(Path.of("/opt/x"));
    }

    @Test
    void itSaysWhyAndHowToMoveIt() {
        assertThat(MidicrateHome.resolve(Map.of("HOME", "/sandbox"), JVM).describe())
                .isEqualTo("/sandbox/.midicrate (from $HOME; set MIDICRATE_HOME to move it)");
        assertThat(MidicrateHome.resolve(Map.of("MIDICRATE_HOME", "/srv/crate"), JVM).describe())
                .isEqualTo("/srv/crate (from MIDICRATE_HOME)");
    }

    @Test
    void theHelpNamesThisProcesssFolder() {
        CliRun help = CliRun.of("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("midicrate's folder").contains(MidicrateHome.current().describe());
    }
}
