package io.midicrate.audition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.sound.midi.Instrument;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;

import io.midicrate.common.OperatorException;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfException;
import io.midicrate.smf.SmfParser;
import io.midicrate.smf.TimeSignature;

/**
 * Renders MIDI to 44.1 kHz 16-bit stereo PCM offline (no sound card) with the JDK's software synthesizer: every
 * event goes to the synthesizer's receiver stamped with its time, then the synthesizer's audio stream is read for
 * as long as the preview lasts. Our parser checks the file first, so a broken one is refused with its reason.
 * <p>
 * The synthesizer's offline stream ({@code AudioSynthesizer.openStream}) is in a package java.desktop does not
 * export: the JVM needs {@value #EXPORTS} (the jar's manifest and the tests' argLine carry it).
 */
public final class Renderer {

    public static final AudioFormat FORMAT = new AudioFormat(44_100f, 16, 2, true, false);
    public static final String EXPORTS = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    static final int DRUM_CHANNEL = 9;
    /** rendered past the last sound so that released notes ring out instead of stopping dead */
    static final long RELEASE_MICROS = 1_000_000;
    private static final int DEFAULT_TEMPO = 500_000;
    /** a tenth of a second: the unit the audio is written in */
    private static final int CHUNK_FRAMES = 4_410;
    /** the first second goes out chunk by chunk, so that playing starts at once */
    private static final int FLUSHED_CHUNKS = 10;

    private final SoundFonts.Choice sound;

    public Renderer(SoundFonts.Choice sound) {
        this.sound = sound;
    }

    public SoundFonts.Choice sound() {
        return sound;
    }

    /** The preview of {@code midi} as {@code options} say. */
    public Rendered render(byte[] midi, AuditionOptions options) {
        Prepared prepared = prepare(midi, options);
        java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream(Math.toIntExact(prepared.pcmBytes()));
        try {
            stream(prepared, pcm);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return new Rendered(FORMAT, pcm.toByteArray());
    }

    /**
     * A preview ready to render: the file checked and its events scheduled, so its length is known before a sample is
     * rendered (a WAV header can go out first, and the audio follow as it is made).
     */
    public static final class Prepared {
        private final List<Timed> events;
        private final long frames;
        /** the programs the preview selects (0 always: a channel's program before any change, and the standard kit) */
        private final java.util.BitSet programs = new java.util.BitSet(128);

        private Prepared(List<Timed> events, long frames) {
            this.events = events;
            this.frames = frames;
            programs.set(0);
            for (Timed t : events) {
                if (t.message instanceof ShortMessage m && m.getCommand() == ShortMessage.PROGRAM_CHANGE) {
                    programs.set(m.getData1());
                }
            }
        }

        public long frames() {
            return frames;
        }

        public long pcmBytes() {
            return frames * FORMAT.getFrameSize();
        }
    }

    /** Checks and schedules {@code midi}; a file that cannot be played is an {@link Unplayable} with its reason. */
    public Prepared prepare(byte[] midi, AuditionOptions options) {
        MidiFile parsed;
        try {
            parsed = new SmfParser().parse(midi, midi.length);
        } catch (SmfException e) {
            throw new Unplayable(e.family() + " " + e.getMessage());
        }
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(new ByteArrayInputStream(midi));
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new Unplayable(e.getMessage());
        }
        List<Timed> events = schedule(sequence, parsed, options);
        long end = events.isEmpty() ? 0 : events.get(events.size() - 1).micros;
        return new Prepared(events, (end + RELEASE_MICROS) * (long) FORMAT.getSampleRate() / 1_000_000);
    }

    /** A file the renderer refuses (broken, or beyond the JDK's reader), with the reason. */
    public static final class Unplayable extends OperatorException {
        public Unplayable(String reason) {
            super("cannot play this file: " + reason);
        }
    }

    /** An event and when it sounds, in microseconds from the start. */
    record Timed(long micros, MidiMessage message) {
    }

    /**
     * The events to send, filtered and transposed, timed through the tempo map (scaled to the target BPM), up to the
     * end of the preview, where every channel's notes are released.
     */
    static List<Timed> schedule(Sequence sequence, MidiFile parsed, AuditionOptions options) {
        List<MidiEvent> all = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                all.add(track.get(i));
            }
        }
        all.sort(Comparator.comparingLong(MidiEvent::getTick)); // stable: equal ticks keep track order
        boolean ppq = sequence.getDivisionType() == Sequence.PPQ;
        int resolution = sequence.getResolution();
        double scale = options.bpm() == null ? 1 : (60_000_000.0 / startTempo(all)) / options.bpm();
        long barsEnd = ppq ? options.bars() * ticksPerBar(parsed, resolution) : Long.MAX_VALUE;
        long secondsEnd = (long) (options.maxSeconds() * 1_000_000);
        double microsPerTick = ppq ? DEFAULT_TEMPO * scale / resolution
                : 1_000_000.0 * scale / (sequence.getDivisionType() * resolution);
        List<Timed> out = new ArrayList<>();
        long lastTick = 0;
        double micros = 0;
        for (MidiEvent event : all) {
            long tick = event.getTick();
            if (tick >= barsEnd) {
                micros += (barsEnd - lastTick) * microsPerTick;
                break;
            }
            micros += (tick - lastTick) * microsPerTick;
            lastTick = tick;
            if (micros >= secondsEnd) {
                break;
            }
            MidiMessage message = event.getMessage();
            if (message instanceof MetaMessage meta) {
                if (ppq && meta.getType() == 0x51 && meta.getData().length >= 3) {
                    microsPerTick = tempo(meta.getData()) * scale / resolution;
                }
                continue;
            }
            MidiMessage sent = message instanceof ShortMessage note ? adjust(note, options) : message;
            if (sent != null) {
                out.add(new Timed((long) micros, sent));
            }
        }
        long stop = (long) Math.min(micros, secondsEnd); // the preview's end, or the file's (its last event)
        for (int channel = 0; channel < 16; channel++) {
            out.add(new Timed(stop, controlChange(channel, 123))); // all notes off: they ring out in the release
        }
        return out;
    }

    /** The note transposed and filtered as the options say; null when it is not to be sent. */
    static ShortMessage adjust(ShortMessage m, AuditionOptions options) {
        int command = m.getCommand();
        boolean noteMessage = command == ShortMessage.NOTE_ON || command == ShortMessage.NOTE_OFF
                || command == ShortMessage.POLY_PRESSURE;
        if (!noteMessage) {
            return m;
        }
        boolean drum = m.getChannel() == DRUM_CHANNEL;
        if (drum ? options.drums() == Drums.MUTE : options.drums() == Drums.ONLY) {
            return null;
        }
        if (drum || options.transpose() == 0) {
            return m;
        }
        int note = m.getData1() + options.transpose();
        if (note < 0 || note > 127) {
            return null;
        }
        try {
            return new ShortMessage(command, m.getChannel(), note, m.getData2());
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e); // every part is in range
        }
    }

    private static ShortMessage controlChange(int channel, int controller) {
        try {
            return new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, controller, 0);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Microseconds per quarter note at tick 0: the file's tempo that a target BPM replaces. */
    static int startTempo(List<MidiEvent> sorted) {
        for (MidiEvent e : sorted) {
            if (e.getTick() > 0) {
                break;
            }
            if (e.getMessage() instanceof MetaMessage meta && meta.getType() == 0x51 && meta.getData().length >= 3) {
                return tempo(meta.getData());
            }
        }
        return DEFAULT_TEMPO;
    }

    private static int tempo(byte[] d) {
        int t = (d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | (d[2] & 0xFF);
        return t > 0 ? t : DEFAULT_TEMPO;
    }

    /** Ticks in one bar of the file's first meter (4/4 when it declares none at the start). */
    static long ticksPerBar(MidiFile parsed, int resolution) {
        int numerator = 4;
        int denominator = 4;
        for (TimeSignature ts : parsed.timeSignatures()) {
            if (ts.tick() == 0 && ts.numerator() > 0 && ts.denominator() > 0) {
                numerator = ts.numerator();
                denominator = ts.denominator();
            }
        }
        return Math.max(1, (long) resolution * 4 * numerator / denominator);
    }

    /**
     * Renders {@code prepared} into {@code pcm} as the synthesizer makes it, a tenth of a second at a time: exactly
     * {@link Prepared#pcmBytes()} bytes of 16-bit little-endian stereo. The stream is flushed after each of the first
     * chunks, so a listener hears the start while the rest renders. An exception from {@code pcm} (a listener gone)
     * stops the render.
     */
    public void stream(Prepared prepared, OutputStream pcm) throws IOException {
        Synthesizer synth;
        try {
            synth = MidiSystem.getSynthesizer();
        } catch (MidiUnavailableException e) {
            throw new OperatorException("the JDK has no software synthesizer: " + e.getMessage());
        }
        try (InputStream stream = openStream(synth, sound.bank() == null)) {
            if (sound.bank() != null) {
                // only the programs the file selects (in every bank, drum kits included): loading all of a General
                // MIDI bank's instruments takes 120-400 ms here, these few 20-40 ms, and that is the wait before a sound
                for (Instrument instrument : sound.bank().getInstruments()) {
                    if (prepared.programs.get(instrument.getPatch().getProgram())) {
                        synth.loadInstrument(instrument);
                    }
                }
            }
            Receiver receiver = synth.getReceiver();
            for (Timed t : prepared.events) {
                receiver.send(t.message, t.micros);
            }
            byte[] chunk = new byte[CHUNK_FRAMES * FORMAT.getFrameSize()];
            long left = prepared.pcmBytes();
            int chunks = 0;
            while (left > 0) {
                int want = (int) Math.min(chunk.length, left);
                int got = stream.readNBytes(chunk, 0, want);
                if (got < want) { // the synthesizer's stream never ends; should it, the rest is silence
                    java.util.Arrays.fill(chunk, got, want, (byte) 0);
                }
                pcm.write(chunk, 0, want);
                left -= want;
                if (++chunks <= FLUSHED_CHUNKS) {
                    pcm.flush();
                }
            }
            pcm.flush();
        } catch (MidiUnavailableException e) {
            throw new OperatorException("the synthesizer failed: " + e.getMessage());
        } finally {
            synth.close();
        }
    }

    /**
     * {@code AudioSynthesizer.openStream(FORMAT, info)}, through reflection: the interface is not exported. The JDK's
     * own bank is loaded only when it is the one to play.
     */
    private static InputStream openStream(Synthesizer synth, boolean builtInBank) throws MidiUnavailableException {
        try {
            Class<?> audioSynthesizer = Class.forName("com.sun.media.sound.AudioSynthesizer");
            Method open = audioSynthesizer.getMethod("openStream", AudioFormat.class, Map.class);
            return (InputStream) open.invoke(synth, FORMAT, Map.of("load default soundbank", builtInBank));
        } catch (IllegalAccessException | ClassNotFoundException | NoSuchMethodException | ClassCastException e) {
            throw new OperatorException("the JDK synthesizer cannot render offline in this JVM (start it with "
                    + EXPORTS + "; java -jar midicrate.jar does): " + e.getMessage());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof MidiUnavailableException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
