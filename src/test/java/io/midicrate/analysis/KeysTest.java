package io.midicrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One spelling per key, wherever a key comes from: the estimate, a key signature, a name, a query. */
class KeysTest {

    @Test
    void everyKeyHasOneSpellingThatParsesBack() {
        for (int index = 0; index < 24; index++) {
            assertThat(Keys.parse(Keys.name(index))).as(Keys.name(index)).isEqualTo(index);
        }
        assertThat(Keys.name(Keys.parse("D# minor"))).isEqualTo("Eb minor");
        assertThat(Keys.name(Keys.parse("Gb major"))).isEqualTo("F# major");
        assertThat(Keys.name(Keys.parse("A#"))).isEqualTo("Bb major");
        assertThat(Keys.parse("E\u266D minor")).isEqualTo(Keys.parse("Ebm"));
        assertThat(Keys.parse("F\u266F")).isEqualTo(Keys.parse("F# major"));
    }

    @Test
    void aDeclaredKeySignatureIsNamedInTheKeysOneSpelling() {
        // six sharps, minor (D# minor as signed), and six flats, major (Gb major as signed)
        assertThat(declared(6, true)).isEqualTo("Eb minor");
        assertThat(declared(-6, false)).isEqualTo("F# major");
    }

    private static String declared(int sharps, boolean minor) {
        byte[] track = {0x00, (byte) 0xFF, 0x59, 0x02, (byte) sharps, (byte) (minor ? 1 : 0),
                0x00, (byte) 0x90, 0x3F, 0x64, 0x60, (byte) 0x80, 0x3F, 0x40, 0x00, (byte) 0xFF, 0x2F, 0x00};
        byte[] file = new byte[22 + track.length];
        byte[] head = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k', 0, 0, 0, (byte) track.length};
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(track, 0, file, head.length, track.length);
        Analysis a = new MidiAnalyzer().analyze(file, file.length);
        assertThat(a.key().declaredName()).isEqualTo(a.key().finalName());
        return a.key().finalName();
    }
}
