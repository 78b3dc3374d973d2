package io.midicrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.midicrate.common.OperatorException;

/** {@code midicrate.db.shared-buffers}: auto follows the machine within bounds, a size passes, anything else is refused. */
class SharedBuffersTest {

    private static MidicrateProperties.Db db(String sharedBuffers) {
        return new MidicrateProperties.Db(null, 0, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5),
                sharedBuffers);
    }

    @Test
    void autoIsAQuarterOfTheMachineWithinBounds() {
        String auto = db("auto").effectiveSharedBuffers();
        assertThat(auto).endsWith("MB");
        assertThat(Integer.parseInt(auto.replace("MB", ""))).isBetween(128, 4096);
    }

    @Test
    void aSizeIsPassedOn() {
        assertThat(db("1GB").effectiveSharedBuffers()).isEqualTo("1GB");
        assertThat(db("512MB").effectiveSharedBuffers()).isEqualTo("512MB");
    }

    @Test
    void anythingElseIsAnOperatorError() {
        assertThatThrownBy(() -> db("lots").effectiveSharedBuffers()).isInstanceOf(OperatorException.class)
                .hasMessage("midicrate.db.shared-buffers: 'lots' is not auto or a size such as 512MB or 2GB");
        // PostgreSQL refuses a space between the number and the unit on its command line
        assertThatThrownBy(() -> db("512 MB").effectiveSharedBuffers()).isInstanceOf(OperatorException.class);
    }
}
