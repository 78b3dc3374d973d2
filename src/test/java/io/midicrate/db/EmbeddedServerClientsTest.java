package io.midicrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which client connections keep the embedded server running when a midicrate process is done with it. */
class EmbeddedServerClientsTest {

    static final long OWN = 100;

    static boolean keeps(String name) {
        return EmbeddedDatabaseConfig.keepsServerRunning(name, OWN, pid -> pid == 200);
    }

    @Test
    void anyClientButThisProcessAndClosingOrExitedMidicrateProcessesKeepsIt() {
        assertThat(keeps("psql")).isTrue();
        assertThat(keeps("")).as("a client that gave no name").isTrue();
        assertThat(keeps("midicrate-200")).as("another live midicrate process").isTrue();
        assertThat(keeps("midicrate-100")).as("this process").isFalse();
        assertThat(keeps("midicrate-200-probe")).as("another process asking while it stops").isFalse();
        assertThat(keeps("midicrate-300")).as("a midicrate process that has exited").isFalse();
        assertThat(keeps("midicrate-2x")).as("not a midicrate name").isTrue();
    }
}
