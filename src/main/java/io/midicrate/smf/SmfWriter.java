package io.midicrate.smf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a format-1 Standard MIDI File from tracks of timed events. Every event is written with its full status byte
 * (no running status), deltas are exact differences of absolute ticks, and each track ends with one end-of-track at
 * the tick its builder was closed at, so timing survives to the tick.
 */
public final class SmfWriter {

    static final long MAX_DELTA = 0x0FFFFFFFL;

    private final int division;
    private final List<byte[]> tracks = new ArrayList<>();

    /** @param division the raw header division word (ticks per quarter, or SMPTE), copied from the source */
    public SmfWriter(int division) {
        this.division = division;
    }

    /** A track under construction: events must be added in non-decreasing tick order. */
    public final class Track {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long tick;
        private boolean closed;

        /** A channel event: its status byte and data bytes as given. */
        public Track channelEvent(long at, int status, byte[] data, int offset, int length) {
            delta(at);
            out.write(status);
            out.write(data, offset, length);
            return this;
        }

        /** A meta event of {@code type} with the given payload. */
        public Track meta(long at, int type, byte[] data, int offset, int length) {
            delta(at);
            out.write(0xFF);
            out.write(type);
            varLength(out, length);
            out.write(data, offset, length);
            return this;
        }

        /** A sysex or escape event ({@code F0} or {@code F7}) with the given payload. */
        public Track sysex(long at, int status, byte[] data, int offset, int length) {
            delta(at);
            out.write(status);
            varLength(out, length);
            out.write(data, offset, length);
            return this;
        }

        /** Ends the track with an end-of-track event at {@code endTick} (or at its last event, when later). */
        public void close(long endTick) {
            if (closed) {
                throw new IllegalStateException("track already closed");
            }
            delta(Math.max(endTick, tick));
            out.write(0xFF);
            out.write(0x2F);
            out.write(0);
            closed = true;
            tracks.add(out.toByteArray());
        }

        private void delta(long at) {
            if (closed) {
                throw new IllegalStateException("track already closed");
            }
            if (at < tick) {
                throw new IllegalArgumentException("event at tick " + at + " before the previous one at " + tick);
            }
            // a gap wider than a delta can say (28 bits) is bridged by empty text events, which no reader plays
            while (at - tick > MAX_DELTA) {
                varLength(out, MAX_DELTA);
                out.write(0xFF);
                out.write(0x01);
                out.write(0);
                tick += MAX_DELTA;
            }
            varLength(out, at - tick);
            tick = at;
        }
    }

    public Track track() {
        return new Track();
    }

    /** The file: MThd (format 1, the closed tracks in the order they were closed, the division) and every MTrk. */
    public byte[] toBytes() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1});
        u16(file, tracks.size());
        u16(file, division);
        for (byte[] track : tracks) {
            file.writeBytes(new byte[] {'M', 'T', 'r', 'k'});
            file.write(track.length >>> 24);
            file.write(track.length >>> 16 & 0xFF);
            file.write(track.length >>> 8 & 0xFF);
            file.write(track.length & 0xFF);
            file.writeBytes(track);
        }
        return file.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xFF);
        out.write(value & 0xFF);
    }

    /** A variable-length quantity: 7 bits per byte, most significant first, the top bit set on all but the last. */
    static void varLength(ByteArrayOutputStream out, long value) {
        if (value < 0 || value > MAX_DELTA) {
            throw new IllegalArgumentException("variable-length value out of range: " + value);
        }
        int shift = 21;
        while (shift > 0 && (value >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write((int) (value >>> shift & 0x7F) | 0x80);
        }
        out.write((int) (value & 0x7F));
    }
}
