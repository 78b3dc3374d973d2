package io.midicrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void thePageDrawsAKeysAccidentals() {
        Formats fmt = new Formats();
        assertThat(fmt.key("Eb minor")).isEqualTo("E\u266D minor");
        assertThat(fmt.key("F# major")).isEqualTo("F\u266F major");
        assertThat(fmt.key("C major")).isEqualTo("C major");
        assertThat(fmt.key(null)).isNull();
    }
}
