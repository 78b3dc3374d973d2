package io.midicrate.audition;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;

import io.midicrate.common.OperatorException;

/**
 * Where the instruments come from: the configured SoundFont, else the first General MIDI SoundFont the operating
 * system's packages installed, else (bank null) the JDK synthesizer's own small built-in bank, with a warning.
 * Only SF2 (and DLS) are looked for: the JDK reads no SF3, whose samples are Ogg Vorbis.
 */
public final class SoundFonts {

    /** Debian's timgm6mb-soundfont (small) and fluid-soundfont-gm, in that order. */
    public static final List<Path> SYSTEM = List.of(Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2"),
            Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2"), Path.of("/usr/share/sounds/sf2/default-GM.sf2"));

    /** The bank to load (null: the synthesizer's built-in one), where it came from, and a warning or null. */
    public record Choice(Soundbank bank, String source, String warning) {
    }

    private SoundFonts() {
    }

    /** The configured SoundFont (blank: look in {@code system}); a configured one that cannot be read is an error. */
    public static Choice choose(String configured, List<Path> system) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.trim());
            return new Choice(load(path), path.toString(), null);
        }
        for (Path candidate : system) {
            if (Files.isReadable(candidate)) {
                try {
                    return new Choice(load(candidate), candidate.toString(), null);
                } catch (OperatorException unreadable) {
                    // a broken system file: try the next
                }
            }
        }
        return new Choice(null, "the JDK's built-in bank", "no SoundFont found (set midicrate.preview.soundfont, or"
                + " install timgm6mb-soundfont): previews use the JDK's small built-in bank");
    }

    public static Choice choose(String configured) {
        return choose(configured, SYSTEM);
    }

    static Soundbank load(Path path) {
        File file = path.toFile();
        if (!file.isFile()) {
            throw new OperatorException("no SoundFont at " + path);
        }
        try {
            return MidiSystem.getSoundbank(file);
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new OperatorException(path + " is not a SoundFont the JDK synthesizer reads (SF2 or DLS): "
                    + e.getMessage());
        }
    }
}
