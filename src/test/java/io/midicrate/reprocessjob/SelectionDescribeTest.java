package io.midicrate.reprocessjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The selection in the words the audit pages and {@code midicrate audit} show, not as JSON. */
class SelectionDescribeTest {

    @Test
    void eachKindOfSelectorIsOneTermAndItsValuesAreJoinedByOr() {
        assertThat(new Selection(null, List.of("/lib"), null, 3, true, null, false).describe())
                .isEqualTo("paths under /lib, failed files, analysis version below 3");
        assertThat(new Selection(List.of("100-200", "42"), List.of("/srv/a", "**/Drums/*.mid"), List.of(5L, 7L), null,
                false, List.of("house", "techno"), false, "key:Am drums:yes").describe())
                .isEqualTo("ids 100-200 or 42, paths under /srv/a or matching **/Drums/*.mid, "
                        + "first imported by execution 5 or 7, tagged house or techno, matching the query key:Am drums:yes");
        assertThat(new Selection(List.of("42"), null, null, null, false, null, true).describe())
                .isEqualTo("every analysed file, id 42");
    }

    @Test
    void theStoredJsonReadsBackToTheSameWords() {
        Selection selection = new Selection(null, List.of("/lib"), null, 3, true, null, false, "bpm:120..128");
        Selection stored = Audits.JSON.readValue(Audits.JSON.writeValueAsString(selection), Selection.class);
        assertThat(stored.describe()).isEqualTo(selection.describe()).doesNotContain("{").doesNotContain("\"");
    }
}
