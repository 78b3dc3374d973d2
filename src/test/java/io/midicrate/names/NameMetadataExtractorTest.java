package io.midicrate.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameMetadataExtractorTest {

    private final NameMetadataExtractor extractor = new NameMetadataExtractor();

    /**
     * One realistic library path per row. Columns: path | bpm | key | genres | roles | pack.
     * {@code -} means null/empty, {@code *} means "not checked in this row"; lists are comma-separated, in order.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # ---- BPM spellings
            /lib/Packs/Trap Pack Vol 2/Drums/140 BPM Dark Hats Am.mid      | 140 | A minor  | trap        | hihat,drums   | Trap Pack Vol 2
            /lib/Trap Pack Vol 2.zip!/Drums/hats_140_Am.mid                | 140 | A minor  | trap        | hihat,drums   | Trap Pack Vol 2
            /lib/House/Deep Vibes/Loops/Chords_120bpm_Fm.mid               | 120 | F minor  | house       | chords,loop   | Deep Vibes
            /lib/Deep House Essentials/Keys 122 BPM Ebmin.mid              | 122 | Eb minor | deep-house  | keys          | Deep House Essentials
            /lib/x/Bass_120_BPM_C#m.mid                                    | 120 | C# minor | -           | bass          | *
            /lib/x/melody-128-F# minor.mid                                 | 128 | F# minor | -           | melody        | *
            /lib/x/Pluck Loop (140) G Major.mid                            | 140 | G major  | -           | pluck,loop    | *
            /lib/x/Jazz Ballad Tempo 90 Bb maj.mid                         | 90  | Bb major | jazz        | -             | *
            /lib/x/bpm128_lead_Abm.mid                                     | 128 | G# minor | -           | lead          | *
            /lib/x/DarkHats140BPMAm.mid                                    | 140 | A minor  | -           | hihat         | *
            # ---- numbers that are not tempos
            /lib/Lofi Dreams 2019/Chill Keys 2019 Vol 2.mid                | -   | -        | lofi        | keys          | Lofi Dreams 2019
            /lib/x/01 Intro Pad.mid                                        | -   | -        | -           | pad           | *
            /lib/x/045 Strings.mid                                         | -   | -        | -           | strings       | *
            /lib/Drum Machines/TR-808 Groove 03.mid                        | -   | -        | -           | drums         | *
            /lib/x/909 Kick Pattern x64.mid                                | -   | -        | -           | kick          | *
            /lib/x/SH101 Bassline Cm.mid                                   | -   | C minor  | -           | bass          | *
            /lib/x/TB303 Acid Line 8 bars.mid                              | -   | -        | -           | *             | *
            /lib/x/Arp 44.1kHz 24bit.mid                                   | -   | -        | -           | arp           | *
            /lib/x/Waltz 3-4 Piano.mid                                     | -   | -        | -           | piano         | *
            /lib/x/Beat 4-4 16 bars 100 bars.mid                           | -   | -        | -           | drums         | *
            /lib/x/Track 120 Guitar.mid                                    | -   | -        | -           | guitar        | *
            /lib/x/Best of the 90s.mid                                     | -   | -        | -           | -             | *
            # ---- file name beats folder, explicit beats bare
            /lib/Packs/90 BPM Lofi/Keys 85 Am.mid                          | 85  | A minor  | lofi        | keys          | *
            /lib/Packs/90 BPM Lofi/Keys Am.mid                             | 90  | A minor  | lofi        | keys          | *
            /lib/x/Hook 100 Melody 128bpm.mid                              | 128 | -        | -           | melody        | *
            /lib/Trap Heat 150/Loops/Hats.mid                              | 150 | -        | trap        | hihat,loop    | Trap Heat 150
            /lib/Trap Kit 150/Loops/Hats.mid                               | -   | -        | trap        | hihat,loop    | Trap Kit 150
            # ---- keys
            /lib/x/Lead_A#.mid                                             | -   | Bb major | -           | lead          | *
            /lib/x/Pad_F_90.mid                                            | 90  | F major  | -           | pad           | *
            /lib/x/dream_pad_am_95.mid                                     | 95  | A minor  | -           | pad           | *
            /lib/x/Jam Session Dream.mid                                   | -   | -        | -           | -             | *
            /lib/x/Am F C G Progression.mid                                | -   | -        | -           | chords        | *
            /lib/Chords/Cmaj7 Dm7 G7 100.mid                               | 100 | -        | -           | chords        | *
            /lib/x/Cmaj7 Chord.mid                                         | -   | -        | -           | chords        | *
            /lib/x/D Dorian Groove 110.mid                                 | 110 | -        | -           | drums         | *
            /lib/x/Side A Groove.mid                                       | -   | -        | -           | drums         | *
            /lib/x/E Piano 92.mid                                          | 92  | -        | -           | keys          | *
            /lib/x/FM Bass 120.mid                                         | 120 | -        | -           | bass          | *
            /lib/x/F Sharp Minor Melody.mid                                | -   | F# minor | -           | melody        | *
            /lib/Keys/C# minor/Emotional Chords.mid                        | -   | C# minor | -           | chords,keys   | *
            /lib/x/A Day In The Life.mid                                   | -   | -        | -           | -             | *
            # ---- genres and roles: whole tokens only, synonyms normalised
            /lib/Bassoon Solos/Popcorn Remix.mid                           | -   | -        | -           | -             | Bassoon Solos
            /lib/DnB Pack/Reese Bass 174 Dm.mid                            | 174 | D minor  | drum-and-bass | bass        | DnB Pack
            /lib/Drum & Bass/Amen Break 170.mid                            | 170 | -        | drum-and-bass | *           | *
            /lib/x/HipHop Drums 90 Gm.mid                                  | 90  | G minor  | hip-hop     | drums         | *
            /lib/x/RnB Keys 70 Db.mid                                      | 70  | Db major | rnb         | keys          | *
            /lib/x/R&B Chords 70 Eb.mid                                    | 70  | Eb major | rnb         | chords        | *
            /lib/x/Future Bass Chords 150 F#m.mid                          | 150 | F# minor | future-bass | chords        | *
            /lib/x/Reggaeton Dembow Perc 95.mid                            | 95  | -        | reggaeton   | percussion    | *
            /lib/x/Afrobeat Shaker Clap 105.mid                            | 105 | -        | afrobeat    | percussion,clap | *
            /lib/x/lo-fi hip-hop rhodes 80.mid                             | 80  | -        | lofi,hip-hop | keys         | *
            /lib/x/Trap 808s 140 Am.mid                                    | 140 | A minor  | trap        | bass          | *
            /lib/x/Cinematic Strings Brass Fx.mid                          | -   | -        | cinematic   | strings,brass,fx | *
            # ---- pack rules
            /lib/Mega Bundle.zip!/Trap Pack Vol 3.zip!/hats_140_Am.mid     | 140 | A minor  | trap        | hihat         | Trap Pack Vol 3
            /lib/Trap Pack Vol 4/MIDI.zip!/Drums/Kick 140.mid              | 140 | -        | trap        | kick,drums    | Trap Pack Vol 4
            /home/alice/Music/Sunset Keys/Chords/Warm 85.mid               | 85  | -        | -           | chords,keys    | Sunset Keys
            /lib/Packs/Trap Pack Vol 2/Dark Hats/x.mid                     | -   | -        | trap        | hihat         | Trap Pack Vol 2
            C:\\Users\\bob\\Downloads\\Soul Sessions\\Loops\\Organ 96 Bb.mid | 96 | Bb major | soul        | keys,loop     | Soul Sessions
            /srv/corpus7/Sample Lab/Deep Tape (MIDI)/Chords/DETA_Pad_40_64bpm_D#Minor.mid | 64 | Eb minor | - | pad,chords | Deep Tape (MIDI)
            Loose File.mid                                                 | -   | -        | -           | -             | -
            """)
    void extracts(String path, String bpm, String key, String genres, String roles, String pack) {
        NameMetadata m = extractor.extract(path);
        assertThat(m.bpm()).as("bpm").isEqualTo(bpm.equals("-") ? null : Integer.valueOf(bpm));
        assertThat(m.key()).as("key").isEqualTo(key.equals("-") ? null : key);
        if (!genres.equals("*")) {
            assertThat(m.genres()).as("genres").containsExactlyElementsOf(list(genres));
        }
        if (!roles.equals("*")) {
            assertThat(m.roles()).as("roles").containsExactlyElementsOf(list(roles));
        }
        if (!pack.equals("*")) {
            assertThat(m.pack()).as("pack").isEqualTo(pack.equals("-") ? null : pack);
        }
    }

    @Test
    void keepsOtherFileNameWordsLowercased() {
        assertThat(extractor.extract("/lib/x/140 BPM Dark Hats Am.mid").words()).containsExactly("dark");
        assertThat(extractor.extract("/lib/x/Midnight_Rain_Chords_90_Cm.mid").words()).containsExactly("midnight", "rain");
    }

    @Test
    void neverFailsOnOddInput() {
        for (String odd : List.of("", "/", "!/", "a.zip!/", "////", "#", "&&&", "♯♭", "99999999999999999999.mid",
                "A", "Cb", "x.zip!/y.zip!/", "\\\\server\\share\\", ".mid", "1.2.3.4.mid")) {
            assertThat(extractor.extract(odd)).isNotNull();
        }
    }

    /** A pathological name must stay linear: no regex, so no backtracking. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a speed assertion: linear work finishes in milliseconds
    void longNamesStayFast() {
        String huge = "a#".repeat(50_000) + "1.".repeat(50_000) + "AbAbAb".repeat(20_000) + ".mid";
        assertThat(extractor.extract("/lib/" + huge)).isNotNull();
    }

    private static List<String> list(String csv) {
        return csv.equals("-") ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).toList();
    }
}
