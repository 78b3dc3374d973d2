package io.midicrate.smf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a Standard MIDI File into one valid format-1 SMF per track or per channel, with the timing of the original
 * to the tick: every part keeps the division, a first track holding the whole tempo map, meters and key signatures
 * (from every track, in the order the parser merges them), and for each source track its events at their absolute
 * ticks, ending where the source track ended. A part played alongside the others therefore sounds like the original,
 * and {@link SmfParser} reads each part's notes at the same seconds as in the original.
 *
 * <p>Drums (MIDI channel 10) are always a part of their own. Unlike the parser, the splitter is strict: a file whose
 * chunks or events need a repair to be read is refused with an {@link SmfException}, because a repaired reading is a
 * guess and a split must not move a note ({@link CannotSplit}).
 */
public final class SmfSplitter {

    public enum By { TRACKS, CHANNELS }

    /** One part: a label for its file name (the track's name or number, a channel, or "drums") and its bytes. */
    public record Part(String label, byte[] bytes) {
    }

    private static final int META = 0xFF;
    private static final int TRACK_NAME = 0x03;
    private static final int END_OF_TRACK = 0x2F;
    /** Tempo, SMPTE offset, time signature, key signature: the conductor events every part carries. */
    private static final int[] CONDUCTOR_TYPES = {0x51, 0x54, 0x58, 0x59};
    private static final int DRUM_CHANNEL = NoteTable.DRUM_CHANNEL;

    /** One event of a source track; its data bytes stay in the source buffer (a channel event's from its first data byte). */
    record Event(long tick, int status, int type, int offset, int length) {
        boolean isChannel() {
            return status < 0xF0;
        }

        int channel() {
            return status & 0x0F;
        }

        boolean isNoteOn() {
            return (status & 0xF0) == 0x90;
        }

        boolean isConductor() {
            if (status != META) {
                return false;
            }
            for (int t : CONDUCTOR_TYPES) {
                if (t == type) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A track as read: its events, the tick it ends at, and where its MTrk chunk starts in the file. */
    record SourceTrack(int index, String name, List<Event> events, long endTick, int chunkStart) {
    }

    private final int maxEvents;
    private byte[] d;

    public SmfSplitter(SmfParser.Limits limits) {
        this.maxEvents = limits.maxEvents();
    }

    public SmfSplitter() {
        this(SmfParser.Limits.defaults());
    }

    /**
     * The parts of the first {@code length} bytes of {@code data}, in source order (tracks mode: by track, a track's
     * drums right after it; channels mode: by channel). A part holds at least one note.
     *
     * @throws SmfException when the file is not MIDI or holds too many events
     * @throws CannotSplit when it needs a repair to be read
     */
    public List<Part> split(byte[] data, int length, By by) {
        length = Math.min(length, data.length);
        SmfHeader header = SmfHeader.read(data, length);
        d = data;
        try {
            List<SourceTrack> tracks = readTracks(header, length);
            List<Event> conductor = conductorEvents(tracks);
            long fileEnd = 0;
            for (SourceTrack t : tracks) {
                fileEnd = Math.max(fileEnd, t.endTick());
            }
            return by == By.TRACKS ? byTrack(header, tracks, conductor, fileEnd) : byChannel(header, tracks, conductor, fileEnd);
        } finally {
            d = null;
        }
    }

    // -------------------------------------------------------------------------------------------- parts

    private List<Part> byTrack(SmfHeader header, List<SourceTrack> tracks, List<Event> conductor, long fileEnd) {
        List<Part> parts = new ArrayList<>();
        for (SourceTrack track : tracks) {
            boolean pitched = hasNotes(track, false);
            boolean drums = hasNotes(track, true);
            String label = track.name() != null && !track.name().isBlank() ? track.name().strip() : "track" + (track.index() + 1);
            if (pitched) {
                parts.add(part(header, conductor, fileEnd, label, List.of(track), e -> !e.isChannel() || e.channel() != DRUM_CHANNEL));
            }
            if (drums) {
                parts.add(part(header, conductor, fileEnd, pitched ? label + "-drums" : label, List.of(track),
                        e -> !e.isChannel() || e.channel() == DRUM_CHANNEL));
            }
        }
        return parts;
    }

    private List<Part> byChannel(SmfHeader header, List<SourceTrack> tracks, List<Event> conductor, long fileEnd) {
        List<Part> parts = new ArrayList<>();
        for (int channel = 0; channel < 16; channel++) {
            final int c = channel;
            List<SourceTrack> holding = new ArrayList<>();
            boolean notes = false;
            for (SourceTrack track : tracks) {
                boolean uses = false;
                for (Event e : track.events()) {
                    if (e.isChannel() && e.channel() == c) {
                        uses = true;
                        notes |= e.isNoteOn();
                    }
                }
                if (uses) {
                    holding.add(track);
                }
            }
            if (notes) {
                String label = c == DRUM_CHANNEL ? "drums" : String.format(Locale.ROOT, "ch%02d", c + 1);
                // one part track per source track: notes pair within their own track, as the parser pairs them
                parts.add(part(header, conductor, fileEnd, label, holding,
                        e -> e.isChannel() ? e.channel() == c : e.status() == META && e.type() == TRACK_NAME));
            }
        }
        return parts;
    }

    private interface Keep {
        boolean test(Event e);
    }

    private Part part(SmfHeader header, List<Event> conductor, long fileEnd, String label, List<SourceTrack> sources, Keep keep) {
        SmfWriter writer = new SmfWriter(header.division());
        SmfWriter.Track first = writer.track();
        for (Event e : conductor) {
            first.meta(e.tick(), e.type(), d, e.offset(), e.length());
        }
        first.close(fileEnd);
        for (SourceTrack source : sources) {
            SmfWriter.Track track = writer.track();
            for (Event e : source.events()) {
                if (e.isConductor() || !keep.test(e)) {
                    continue;
                }
                if (e.status() == META) {
                    track.meta(e.tick(), e.type(), d, e.offset(), e.length());
                } else if (e.isChannel()) {
                    track.channelEvent(e.tick(), e.status(), d, e.offset(), e.length());
                } else {
                    track.sysex(e.tick(), e.status(), d, e.offset(), e.length());
                }
            }
            track.close(source.endTick());
        }
        return new Part(label, writer.toBytes());
    }

    private static boolean hasNotes(SourceTrack track, boolean drums) {
        for (Event e : track.events()) {
            if (e.isNoteOn() && (e.channel() == DRUM_CHANNEL) == drums) {
                return true;
            }
        }
        return false;
    }

    /** Tempo, meter and key events of every track, by tick; ties in track order, as the parser merges tempi. */
    private static List<Event> conductorEvents(List<SourceTrack> tracks) {
        List<Event> all = new ArrayList<>();
        for (SourceTrack t : tracks) {
            for (Event e : t.events()) {
                if (e.isConductor()) {
                    all.add(e);
                }
            }
        }
        all.sort((a, b) -> Long.compare(a.tick(), b.tick())); // stable
        return all;
    }

    // -------------------------------------------------------------------------------------------- reading

    /** The tracks of the first {@code length} bytes, read strictly (for {@link SmfTransformer}). */
    List<SourceTrack> tracks(byte[] data, int length) {
        length = Math.min(length, data.length);
        SmfHeader header = SmfHeader.read(data, length);
        d = data;
        try {
            return readTracks(header, length);
        } finally {
            d = null;
        }
    }

    private List<SourceTrack> readTracks(SmfHeader header, int length) {
        int base = header.offset();
        int end = length;
        if (header.rmid() && base >= 4) {
            long riffSize = (d[base - 4] & 0xFF) | ((d[base - 3] & 0xFF) << 8) | ((d[base - 2] & 0xFF) << 16)
                    | ((long) (d[base - 1] & 0xFF) << 24);
            if (riffSize >= 14 && base + riffSize < length) {
                end = (int) (base + riffSize);
            }
        }
        if (SmfHeader.u32(d, base + 4) != 6) {
            throw refused("a header length other than 6");
        }
        List<SourceTrack> tracks = new ArrayList<>();
        int events = 0;
        int pos = base + 14;
        while (end - pos >= 8) {
            if (!SmfParser.chunkIdAt(d, pos)) {
                throw refused("bytes that are not a chunk at offset " + pos);
            }
            long chunkEnd = pos + 8L + SmfHeader.u32(d, pos + 4);
            if (chunkEnd > end) {
                throw refused("a chunk running past the end of the file at offset " + pos);
            }
            if (d[pos] == 'M' && d[pos + 1] == 'T' && d[pos + 2] == 'r' && d[pos + 3] == 'k') {
                SourceTrack track = readTrack(tracks.size(), pos, (int) chunkEnd, maxEvents - events);
                events += track.events().size();
                tracks.add(track);
            } else if (d[pos] == 'M' && d[pos + 1] == 'T' && d[pos + 2] == 'h' && d[pos + 3] == 'd') {
                throw refused("a second MThd (two files concatenated)");
            }
            pos = (int) chunkEnd;
        }
        if (tracks.isEmpty()) {
            throw new SmfException(SmfErrorFamily.NO_TRACKS, "no MTrk chunk");
        }
        return tracks;
    }

    private SourceTrack readTrack(int index, int chunkStart, int limit, int eventBudget) {
        int p = chunkStart + 8;
        List<Event> events = new ArrayList<>();
        String name = null;
        long tick = 0;
        int runningStatus = 0;
        while (p < limit) {
            tick += varLength(p, limit, index);
            p = after;
            if (p >= limit) {
                throw refused("an event cut short in track " + index);
            }
            int status = SmfParser.eventStatus(d[p], runningStatus);
            if (d[p] < 0) {
                p++;
            } else if (status == 0) {
                throw refused("running status without a status in track " + index);
            }
            if (events.size() >= eventBudget) {
                throw new SmfException(SmfErrorFamily.TOO_LARGE, "more than " + maxEvents + " events");
            }
            if (status < 0xF0) {
                runningStatus = status;
                int need = (status & 0xE0) == 0xC0 ? 1 : 2; // program change and channel pressure take one byte
                if (p + need > limit) {
                    throw refused("an event cut short in track " + index);
                }
                events.add(new Event(tick, status, 0, p, need));
                p += need;
            } else if (status == META) {
                if (p >= limit) {
                    throw refused("a meta event cut short in track " + index);
                }
                int type = d[p++] & 0xFF;
                int size = payload(p, limit, index);
                if (type == END_OF_TRACK) {
                    return new SourceTrack(index, name, events, tick, chunkStart);
                }
                if (type == TRACK_NAME && name == null) {
                    name = TextDecoding.decode(d, after, Math.min(size, 1024), 256);
                }
                events.add(new Event(tick, META, type, after, size));
                p = after + size;
            } else if (status == 0xF0 || status == 0xF7) {
                int size = payload(p, limit, index);
                events.add(new Event(tick, status, 0, after, size));
                p = after + size;
            } else {
                // system common and real-time bytes have no place in a file and carry nothing a part needs
                int need = switch (status) {
                    case 0xF1, 0xF3 -> 1;
                    case 0xF2 -> 2;
                    case 0xF6, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE -> 0;
                    default -> throw refused("status byte 0x" + Integer.toHexString(status) + " in track " + index);
                };
                if (p + need > limit) {
                    throw refused("an event cut short in track " + index);
                }
                p += need;
            }
        }
        return new SourceTrack(index, name, events, tick, chunkStart); // no end-of-track: the track ends at its last event
    }

    /** Where the last variable-length quantity read ended. */
    private int after;

    /** A variable-length quantity at {@code p} (at most four bytes, within the limit); sets {@link #after}. */
    private long varLength(int p, int limit, int track) {
        long value = 0;
        int n = 0;
        int b;
        do {
            if (p >= limit || n == 4) {
                throw refused("a variable-length number cut short or longer than four bytes in track " + track);
            }
            b = d[p++];
            value = (value << 7) | (b & 0x7F);
            n++;
        } while (b < 0);
        after = p;
        return value;
    }

    /** The size of a meta or sysex payload at {@code p}, checked to end within the track; it starts at {@link #after}. */
    private int payload(int p, int limit, int track) {
        long size = varLength(p, limit, track);
        if (after + size > limit) {
            throw refused("an event longer than its track in track " + track);
        }
        return (int) size;
    }

    private static CannotSplit refused(String why) {
        return new CannotSplit("the file needs a repair to be read: " + why);
    }

    /** A file the parser can read leniently but the splitter will not cut (nor the transformer rewrite): it needs a repair first. */
    public static final class CannotSplit extends RuntimeException {
        CannotSplit(String message) {
            super(message, null, false, false);
        }
    }
}
