package io.midicrate.corpus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes small Standard MIDI Files for tests: add events at absolute ticks per track, then {@link #bytes()}. */
public final class TestMidi {
    private record Event(long tick, int order, byte[] bytes) {
    }

    private final int ticksPerQuarter;
    private final List<List<Event>> tracks = new ArrayList<>();
    private int order;

    public TestMidi(int ticksPerQuarter, int trackCount) {
        this.ticksPerQuarter = ticksPerQuarter;
        for (int i = 0; i < trackCount; i++) {
            tracks.add(new ArrayList<>());
        }
    }

    public int ticksPerQuarter() {
        return ticksPerQuarter;
    }

    public TestMidi event(int track, long tick, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        tracks.get(track).add(new Event(tick, order++, b));
        return this;
    }

    public TestMidi note(int track, int channel, long tick, long duration, int key, int velocity) {
        event(track, tick, 0x90 | channel, key, velocity);
        return event(track, tick + duration, 0x80 | channel, key, 0);
    }

    public TestMidi tempo(int track, long tick, double bpm) {
        int us = (int) Math.round(60_000_000 / bpm);
        return event(track, tick, 0xFF, 0x51, 3, us >> 16, (us >> 8) & 0xFF, us & 0xFF);
    }

    public TestMidi keySignature(int track, long tick, int sharps, boolean minor) {
        return event(track, tick, 0xFF, 0x59, 2, sharps & 0xFF, minor ? 1 : 0);
    }

    public TestMidi timeSignature(int track, long tick, int numerator, int denominatorPower) {
        return event(track, tick, 0xFF, 0x58, 4, numerator, denominatorPower, 24, 8);
    }

    public TestMidi program(int track, int channel, long tick, int program) {
        return event(track, tick, 0xC0 | channel, program);
    }

    public TestMidi text(int track, long tick, int type, byte[] text) {
        int[] b = new int[3 + text.length];
        b[0] = 0xFF;
        b[1] = type;
        b[2] = text.length; // tests keep texts under 128 bytes
        for (int i = 0; i < text.length; i++) {
            b[3 + i] = text[i] & 0xFF;
        }
        return event(track, tick, b);
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, (byte) (tracks.size() > 1 ? 1 : 0)});
        out.write(tracks.size() >> 8);
        out.write(tracks.size());
        out.write(ticksPerQuarter >> 8);
        out.write(ticksPerQuarter);
        for (List<Event> events : tracks) {
            // note-offs (velocity-0 note-ons, 0x8n) first at equal ticks, so repeated notes do not overlap
            events.sort(Comparator.comparingLong(Event::tick).thenComparing(e -> isOff(e) ? 0 : 1).thenComparingInt(Event::order));
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            long last = 0;
            for (Event e : events) {
                writeVlq(t, e.tick() - last);
                last = e.tick();
                t.writeBytes(e.bytes());
            }
            t.writeBytes(new byte[] {0, (byte) 0xFF, 0x2F, 0});
            byte[] data = t.toByteArray();
            out.writeBytes(new byte[] {'M', 'T', 'r', 'k', (byte) (data.length >> 24), (byte) (data.length >> 16), (byte) (data.length >> 8), (byte) data.length});
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    private static boolean isOff(Event e) {
        int s = e.bytes()[0] & 0xF0;
        return s == 0x80 || (s == 0x90 && e.bytes().length > 2 && e.bytes()[2] == 0);
    }

    private static void writeVlq(ByteArrayOutputStream out, long v) {
        int shift = 21;
        while (shift > 0 && (v >> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write((int) (0x80 | ((v >> shift) & 0x7F)));
        }
        out.write((int) (v & 0x7F));
    }
}
