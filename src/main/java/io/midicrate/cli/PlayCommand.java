package io.midicrate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.springframework.context.ConfigurableApplicationContext;

import io.midicrate.AppContext;
import io.midicrate.analysis.Keys;
import io.midicrate.analysis.MidiAnalyzer;
import io.midicrate.audition.AuditionOptions;
import io.midicrate.audition.Drums;
import io.midicrate.audition.Renderer;
import io.midicrate.audition.Rendered;
import io.midicrate.audition.SoundFonts;
import io.midicrate.common.OperatorException;
import io.midicrate.config.MidicrateProperties;
import io.midicrate.library.FileProblem;
import io.midicrate.library.LibraryFileReader;
import io.midicrate.library.LibraryPath;
import io.midicrate.query.FileDetails;
import io.midicrate.query.FileDetailsQuery;
import io.midicrate.smf.SmfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Hear a file with real instruments: renders its first bars (8, or 30 s, whichever is shorter) with",
                "the JDK's synthesizer and a General MIDI SoundFont (midicrate.preview.soundfont, else the system's),",
                "in another key or tempo if asked; plays it through the sound card, or writes a WAV (--out, or when",
                "this machine has no sound card: NAME.wav in the current folder)."})
class PlayCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    static final String SOUNDFONT_PROPERTY = "midicrate.preview.soundfont";

    @Parameters(paramLabel = "ID|PATH", description = "A content id (as search prints it), a path as stored, or a MIDI file.")
    String target;

    @Option(names = "--transpose", paramLabel = "±N", description = "Shift pitched notes by N semitones (drums stay).")
    Integer transpose;

    @Option(names = "--to", paramLabel = "KEY",
            description = "Transpose from the file's key to KEY (\"F# minor\", \"Eb\") by the smallest interval.")
    String toKey;

    @Option(names = "--bpm", paramLabel = "N", description = "Play at N BPM (the MIDI tempo changes; 1..999).")
    Double bpm;

    @Option(names = "--drums", paramLabel = "mute|only", description = "Mute the drums (channel 10), or hear only them.")
    String drums;

    @Option(names = "--bars", paramLabel = "N", description = "How many bars from the start (default 8; at most 30 s).")
    int bars = AuditionOptions.DEFAULT_BARS;

    @Option(names = "--out", paramLabel = "FILE", description = "Write a WAV file instead of playing.")
    Path out;

    /** The file's bytes, where they came from, and its key (stored, or estimated for a file not in the library). */
    record Source(String name, byte[] bytes, String key) {
    }

    @Override
    public Integer call() {
        if (target.isBlank()) {
            throw new OperatorException("play needs a content id, a path as stored, or a MIDI file");
        }
        if (transpose != null && toKey != null) {
            throw new OperatorException("give --transpose or --to, not both");
        }
        int toIndex = toKey == null ? -1 : Keys.parse(toKey);
        if (toKey != null && toIndex < 0) {
            throw new OperatorException("'" + toKey + "' is not a key (e.g. \"F# minor\", \"Eb\", \"c#m\")");
        }
        // bad BPM, bars or drums fail before the database starts
        AuditionOptions checked = new AuditionOptions(transpose != null ? transpose : 0, bpm, Drums.parse(drums), bars,
                AuditionOptions.DEFAULT_SECONDS);
        try (ConfigurableApplicationContext context = AppContext.start(false)) {
            Source source = source(context);
            int semitones = checked.transpose();
            if (toIndex >= 0) {
                int from = Keys.parse(source.key());
                if (from < 0) {
                    throw new OperatorException(source.name() + " has no key to transpose from; use --transpose");
                }
                semitones = AuditionOptions.interval(from, toIndex);
            }
            SoundFonts.Choice sound = SoundFonts.choose(context.getEnvironment().getProperty(SOUNDFONT_PROPERTY, ""));
            Rendered audio = new Renderer(sound).render(source.bytes(),
                    new AuditionOptions(semitones, checked.bpm(), checked.drums(), checked.bars(), checked.maxSeconds()));
            if (sound.warning() != null) { // after the render, so that a file it refuses is one line
                System.err.println("warning: " + sound.warning());
            }
            String what = String.format(java.util.Locale.ROOT, "%s: %.1f s%s%s, with %s", source.name(), audio.seconds(),
                    semitones == 0 ? "" : String.format(java.util.Locale.ROOT, ", %+d semitones", semitones),
                    bpm == null ? "" : ", at " + (bpm == Math.rint(bpm) ? Long.toString(bpm.longValue()) : bpm.toString()) + " BPM", sound.source());
            if (out == null && audio.play()) {
                System.out.println("played " + what);
                return MidicrateCli.OK;
            }
            Path file = out != null ? out : Path.of(baseName(source.name()) + ".wav");
            write(audio, file);
            System.out.println((out == null ? "no sound card: wrote " : "wrote ") + file + " (" + what + ")");
            return MidicrateCli.OK;
        }
    }

    /** The library's file by id or stored path, else a MIDI file on disk. */
    private Source source(ConfigurableApplicationContext context) {
        FileDetailsQuery files = context.getBean(FileDetailsQuery.class);
        boolean byId = ID.matcher(target).matches();
        Optional<FileDetails> found = byId ? files.show(Long.parseLong(target))
                : files.show(target).or(() -> files.show(Path.of(target).toAbsolutePath().normalize().toString()));
        if (found.isPresent()) {
            FileDetails d = found.get();
            MidicrateProperties.Import limits = context.getBean(MidicrateProperties.class).importJob();
            List<String> paths = d.paths().stream().map(FileDetails.PathInfo::path).toList();
            try (LibraryFileReader reader = new LibraryFileReader(limits.maxFileSize().toBytes(),
                    limits.zip().maxNestedSize().toBytes())) {
                String path = reader.readContent(paths, HexFormat.of().parseHex(d.blake3()));
                Object key = d.analysis() == null ? null : d.analysis().get("key_name");
                return new Source(LibraryPath.fileName(path), java.util.Arrays.copyOf(reader.bytes(), reader.length()),
                        key == null ? null : key.toString());
            } catch (FileProblem e) {
                throw new OperatorException("cannot read file " + d.id() + ": " + e.getMessage());
            }
        }
        Path file = Path.of(target);
        if (byId || !Files.isRegularFile(file)) {
            throw new OperatorException("no file " + target
                    + " in the library (an id as 'search' prints it, a path as stored) or on disk");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String key = null;
            if (toKey != null) {
                try {
                    key = new MidiAnalyzer().analyze(bytes, bytes.length).key().finalName();
                } catch (SmfException e) {
                    throw new OperatorException("cannot play " + file + ": " + e.family() + " " + e.getMessage());
                }
            }
            return new Source(file.getFileName().toString(), bytes, key);
        } catch (IOException e) {
            throw new OperatorException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static void write(Rendered audio, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new OperatorException("cannot write " + file + ": " + e.getMessage());
        }
        try (OutputStream stream = Files.newOutputStream(file)) {
            audio.writeWav(stream);
        } catch (IOException | UncheckedIOException e) {
            throw new OperatorException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
