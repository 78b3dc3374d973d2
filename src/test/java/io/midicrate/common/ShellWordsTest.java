package io.midicrate.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void plainWordsStayAsTheyAreAndTheRestIsSingleQuoted() {
        assertThat(ShellWords.join(List.of("reprocess", "--version-below", "3", "--path", "/srv/midi/a-b_c.mid")))
                .isEqualTo("reprocess --version-below 3 --path /srv/midi/a-b_c.mid");
        assertThat(ShellWords.join(List.of("--reason", "try it"))).isEqualTo("--reason 'try it'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
        assertThat(ShellWords.quote("key:8A~")).isEqualTo("'key:8A~'");
        assertThat(ShellWords.quote("**/Drums/*.mid")).isEqualTo("'**/Drums/*.mid'");
        assertThat(ShellWords.quote("$HOME")).isEqualTo("'$HOME'");
        assertThat(ShellWords.quote("a\nb")).isEqualTo("'a\nb'");
    }
}
