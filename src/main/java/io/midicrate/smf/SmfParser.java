package io.midicrate.smf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A lenient, bounded Standard MIDI File parser (formats 0, 1, 2; PPQ and SMPTE; RIFF RMID).
 *
 * <p>It recovers whatever music a broken file still holds and records one {@link ParseWarning} per kind of repair; it
 * throws {@link SmfException} only for files holding no music. Nothing is allocated by a length read from the file:
 * every length is bounded by the bytes present, and events per file are capped ({@link Limits#maxEvents()}).
 *
 * <p><b>Not thread-safe.</b> An instance keeps growable work buffers between calls; use one per thread. The
 * returned {@link MidiFile} owns its own (exact-size) arrays and stays valid after the next call.
 */
public final class SmfParser {

    /** The sort used to order notes packs (tick, index) in one long; indices need 22 bits. */
    public static final int MAX_EVENTS_CAP = (1 << 22) - 1;

    /**
     * Bounds that keep a hostile file from exhausting memory or time.
     *
     * @param maxEvents     events read per file before stopping (warned, events before kept); at most {@link #MAX_EVENTS_CAP}
     * @param maxTracks     track chunks read per file
     * @param maxTextEvents text meta events kept per file (others counted only)
     * @param maxTextChars  characters kept per text event
     * @param maxFileBytes  larger inputs are rejected as {@link SmfErrorFamily#TOO_LARGE}
     */
    public record Limits(int maxEvents, int maxTracks, int maxTextEvents, int maxTextChars, long maxFileBytes) {
        public Limits {
            if (maxEvents < 1 || maxEvents > MAX_EVENTS_CAP) {
                throw new IllegalArgumentException("maxEvents must be 1.." + MAX_EVENTS_CAP);
            }
            if (maxTracks < 1 || maxTextEvents < 0 || maxTextChars < 0 || maxFileBytes < 14) {
                throw new IllegalArgumentException("invalid limits");
            }
        }

        public static Limits defaults() {
            return new Limits(2_000_000, 65_535, 256, 256, 64L << 20);
        }
    }

    private static final int STOP_LIMIT = 0;      // reached the limit (possibly with an incomplete event)
    private static final int STOP_EOT = 1;
    private static final int STOP_INVALID = 2;
    private static final int STOP_EVENT_CAP = 3;
    private static final SmfWarning[] WARNINGS = SmfWarning.values();

    private final Limits limits;

    // --- per-file state, reset by parse() ---
    private byte[] d;
    private int fileEnd;
    private final int[] warnCount = new int[WARNINGS.length];
    private final String[] warnDetail = new String[WARNINGS.length];
    private int events;
    private boolean stopAll;
    private int sysexCount;
    private int lyricCount;
    private int orphanOffs;
    private int unterminated;
    private List<TextEvent> texts;
    private List<TimeSignature> timeSigs;
    private List<KeySignature> keySigs;
    private List<TrackInfo> trackInfos;

    // --- per-track state ---
    private int trackIndex;
    private long tick;
    private int runningStatus;
    private int stopPos;           // where parseEvents stopped
    private int trackRepairs;      // warnings raised since the current track started
    private long repairedTrackMaxDelta; // longest delta believed in a repaired track (16 bars of 4/4)
    private long maxDelta;         // longest delta believed anywhere (3,600 quarter notes)
    private long restGrid;         // a sixteenth note in ticks: a long rest in a repaired track ends on this grid
    private long carefulMaxDelta;  // longest delta believed when re-reading a repaired track (4 bars of 4/4)
    private boolean careful;       // re-reading a repaired track: no fast loop, a delta over 4 bars is garbage unless
                                   // well-formed events follow it (a long rest is music)
    private boolean trackEot;
    // the state before the current track, to read a repaired track again
    private int trackTempoStart;
    private int trackTimeSigStart;
    private int trackKeySigStart;
    private int trackTextStart;
    private int trackLyricStart;
    private int trackSysexStart;
    private int trackOrphanStart;
    private boolean trackStopAllStart;
    private final int[] trackWarnStart = new int[WARNINGS.length];
    private final String[] trackWarnDetailStart = new String[WARNINGS.length];
    private final int[] trackProgramStart = new int[16];
    private int trackFirstEvent;   // events read before this track
    private String trackName;
    private final int[] program = new int[16];

    // --- reusable growable buffers (notes) ---
    private int noteCount;
    private long[] nStart = new long[1024];
    private long[] nEnd = new long[1024];
    private int[] nInfo = new int[1024];    // NoteTable.pack(key, velocity, channel, program)
    private short[] nTrack = new short[1024]; // filled when the track closes
    /**
     * Sounding notes per channel and key (slot = channel << 7 | key), first in first out: {@code open[2 * slot]} is
     * the oldest sounding note, {@code open[2 * slot + 1]} the newest, -1 when none. While a note sounds, its
     * {@code nEnd} holds -1, or -2 - (the next sounding note on its slot), so the queue needs no array of its own.
     */
    private final int[] open = new int[2 * 16 * 128];
    private int[] order = new int[1024];
    private int[] orderTmp = new int[1024];
    private int[] runStarts = new int[64];
    private int runCount;

    // --- tempo events ---
    private int tempoCount;
    private long[] tTick = new long[64];
    private int[] tUs = new int[64];

    public SmfParser(Limits limits) {
        this.limits = limits;
    }

    public SmfParser() {
        this(Limits.defaults());
    }

    /**
     * Parses the first {@code length} bytes of {@code data}.
     *
     * @throws SmfException only when the bytes hold no music (typed by {@link SmfErrorFamily})
     */
    public MidiFile parse(byte[] data, int length) {
        return parse(data, length, false);
    }

    /**
     * Like {@link #parse(byte[], int)}, but the returned notes live in this parser's work buffers (longer than
     * {@link NoteTable#count()}) and are overwritten by the next call. For a caller that is done with the file before
     * it parses the next, such as the analyser: it saves allocating and clearing about 38 bytes per note, and the
     * buffers stay in cache from file to file.
     */
    public MidiFile parseTransient(byte[] data, int length) {
        return parse(data, length, true);
    }

    private MidiFile parse(byte[] data, int length, boolean transientNotes) {
        length = Math.min(length, data.length);
        if (length > limits.maxFileBytes()) {
            throw new SmfException(SmfErrorFamily.TOO_LARGE, length + " bytes exceed the limit of " + limits.maxFileBytes());
        }
        SmfHeader header = SmfHeader.read(data, length);
        reset(data);
        int base = header.offset();
        fileEnd = length;
        if (header.rmid() && base >= 4) {
            long riffSize = le32(data, base - 4); // RIFF sizes are little-endian; padding and INFO chunks follow
            if (riffSize >= 14 && base + riffSize < length) {
                fileEnd = (int) (base + riffSize);
            }
        }

        long headerLength = SmfHeader.u32(data, base + 4);
        int pos;
        if (headerLength == 6) {
            pos = base + 14;
        } else {
            warn(SmfWarning.HEADER_LENGTH_UNUSUAL, "header length " + headerLength);
            // a longer header is skipped when the next chunk is where it says; otherwise assume 6
            long declared = base + 8 + headerLength;
            pos = headerLength > 6 && declared + 8 <= fileEnd && chunkLikeAt((int) declared) ? (int) declared : base + 14;
        }
        int format = header.format();
        if (format > 2) {
            warn(SmfWarning.UNSUPPORTED_FORMAT, "format " + format);
        }
        int division = header.division();
        int ticksPerQuarter;
        double smpteSecondsPerTick = 0;
        boolean smpte = false;
        if (header.smpte()) {
            int fps = -(byte) (division >> 8);
            int ticksPerFrame = division & 0xFF;
            if ((fps == 24 || fps == 25 || fps == 29 || fps == 30) && ticksPerFrame > 0) {
                smpte = true;
                double realFps = fps == 29 ? 29.97 : fps;
                smpteSecondsPerTick = 1.0 / (realFps * ticksPerFrame);
                // beats stay defined by reading absolute time at the 120 BPM default
                ticksPerQuarter = Math.max(1, (int) Math.round(realFps * ticksPerFrame / 2.0));
            } else {
                warn(SmfWarning.INVALID_DIVISION, "SMPTE division 0x" + Integer.toHexString(division));
                ticksPerQuarter = 480;
            }
        } else if (division == 0) {
            warn(SmfWarning.INVALID_DIVISION, "division 0");
            ticksPerQuarter = 480;
        } else {
            ticksPerQuarter = division;
        }

        repairedTrackMaxDelta = Math.max(16383, ticksPerQuarter * 64L);
        maxDelta = Math.max(repairedTrackMaxDelta, ticksPerQuarter * 3600L);
        carefulMaxDelta = ticksPerQuarter * 16L;
        restGrid = Math.max(1, ticksPerQuarter / 4);
        int tracksFound = readChunks(pos);
        if (tracksFound == 0) {
            throw new SmfException(SmfErrorFamily.NO_TRACKS, "no MTrk chunk in " + length + " bytes");
        }
        if (events == 0) {
            throw new SmfException(SmfErrorFamily.NO_TRACKS, tracksFound + " track chunk(s) but no event");
        }
        if (tracksFound != header.declaredTracks()) {
            warn(SmfWarning.TRACK_COUNT_MISMATCH, "header declares " + header.declaredTracks() + ", found " + tracksFound);
        }

        TempoMap tempoMap = buildTempoMap(ticksPerQuarter, smpteSecondsPerTick);
        NoteTable notes = transientNotes ? buildTransientNotes(tempoMap) : buildNotes(tempoMap);
        timeSigs.sort(Comparator.comparingLong(TimeSignature::tick));
        keySigs.sort(Comparator.comparingLong(KeySignature::tick));
        long lengthTicks = 0;
        for (TrackInfo t : trackInfos) {
            lengthTicks = Math.max(lengthTicks, t.endTick());
        }
        List<ParseWarning> warnings = new ArrayList<>();
        for (int i = 0; i < WARNINGS.length; i++) {
            if (warnCount[i] > 0) {
                warnings.add(new ParseWarning(WARNINGS[i], warnCount[i], warnDetail[i]));
            }
        }
        MidiFile result = new MidiFile(format, header.declaredTracks(), division, ticksPerQuarter, smpte, header.rmid(),
                lengthTicks, notes, tempoMap, List.copyOf(timeSigs), List.copyOf(keySigs), List.copyOf(texts), lyricCount,
                List.copyOf(trackInfos), events, sysexCount, unterminated, orphanOffs, List.copyOf(warnings));
        d = null; // do not keep the caller's buffer alive
        return result;
    }

    private void reset(byte[] data) {
        d = data;
        Arrays.fill(warnCount, 0);
        Arrays.fill(warnDetail, null);
        events = 0;
        stopAll = false;
        sysexCount = 0;
        lyricCount = 0;
        orphanOffs = 0;
        unterminated = 0;
        noteCount = 0;
        Arrays.fill(open, -1); // no note sounds yet (16 KB; a previous call may have ended inside a track)
        runCount = 0;
        tempoCount = 0;
        texts = new ArrayList<>();
        timeSigs = new ArrayList<>(2);
        keySigs = new ArrayList<>(2);
        trackInfos = new ArrayList<>();
        Arrays.fill(program, 0);
    }

    // ------------------------------------------------------------------------------------------------ chunks

    /** Walks the chunks from {@code pos}; returns the number of track chunks read. */
    private int readChunks(int pos) {
        int tracks = 0;
        while (pos < fileEnd && !stopAll) {
            if (fileEnd - pos < 8) {
                warn(SmfWarning.TRAILING_GARBAGE, (fileEnd - pos) + " bytes at offset " + pos);
                break;
            }
            if (isId(pos, 'M', 'T', 'r', 'k')) {
                if (tracks >= limits.maxTracks()) {
                    warn(SmfWarning.TRACK_LIMIT_REACHED, "more than " + limits.maxTracks() + " tracks");
                    break;
                }
                long declaredEnd = pos + 8L + SmfHeader.u32(d, pos + 4);
                pos = readTrack(tracks++, pos + 8, declaredEnd);
            } else if (isId(pos, 'M', 'T', 'h', 'd')) {
                warn(SmfWarning.CONCATENATED_SMF, "second MThd at offset " + pos + "; " + (fileEnd - pos) + " bytes not read");
                break;
            } else if (chunkLikeAt(pos)) {
                long next = pos + 8L + SmfHeader.u32(d, pos + 4);
                if (next <= fileEnd) {
                    warn(SmfWarning.UNKNOWN_CHUNK, "chunk '" + new String(d, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1) + "' at offset " + pos);
                    pos = (int) next;
                } else {
                    pos = skipJunk(pos);
                }
            } else {
                pos = skipJunk(pos);
            }
        }
        return tracks;
    }

    /** Junk where a chunk should start: resync on the next MTrk, or it is trailing garbage. */
    private int skipJunk(int pos) {
        int next = indexOfMTrk(pos + 1);
        if (next < 0) {
            warn(SmfWarning.TRAILING_GARBAGE, (fileEnd - pos) + " bytes at offset " + pos);
            return fileEnd;
        }
        warn(SmfWarning.JUNK_BETWEEN_CHUNKS, (next - pos) + " bytes at offset " + pos);
        return next;
    }

    /** Reads one track chunk whose data starts at {@code start}; returns where the next chunk starts. */
    private int readTrack(int index, int start, long declaredEnd) {
        int firstNote = noteCount;
        rememberTrackStart();
        int next = readTrackEvents(index, start, declaredEnd);
        if (trackRepairs > 0 && !stopAll) {
            // a repaired track: garbage may have been read as time before the first repair showed. Read it again
            // without the fast loop, taking a delta over 4 bars for garbage unless a plausible event stream resumes
            // after it (repair path only).
            restoreTrackStart(firstNote);
            careful = true;
            try {
                next = readTrackEvents(index, start, declaredEnd);
            } finally {
                careful = false;
            }
        }
        closeTrack(firstNote, trackEot);
        if (noteCount > firstNote) {
            if (runCount + 1 >= runStarts.length) {
                runStarts = Arrays.copyOf(runStarts, runStarts.length * 2);
            }
            runStarts[runCount++] = firstNote; // each track's notes are one run sorted by start
        }
        return next;
    }

    private void rememberTrackStart() {
        trackFirstEvent = events;
        trackTempoStart = tempoCount;
        trackTimeSigStart = timeSigs.size();
        trackKeySigStart = keySigs.size();
        trackTextStart = texts.size();
        trackLyricStart = lyricCount;
        trackSysexStart = sysexCount;
        trackOrphanStart = orphanOffs;
        trackStopAllStart = stopAll;
        System.arraycopy(warnCount, 0, trackWarnStart, 0, warnCount.length);
        System.arraycopy(warnDetail, 0, trackWarnDetailStart, 0, warnDetail.length);
        System.arraycopy(program, 0, trackProgramStart, 0, program.length);
    }

    private void restoreTrackStart(int firstNote) {
        noteCount = firstNote;
        events = trackFirstEvent;
        tempoCount = trackTempoStart;
        timeSigs.subList(trackTimeSigStart, timeSigs.size()).clear();
        keySigs.subList(trackKeySigStart, keySigs.size()).clear();
        texts.subList(trackTextStart, texts.size()).clear();
        lyricCount = trackLyricStart;
        sysexCount = trackSysexStart;
        orphanOffs = trackOrphanStart;
        stopAll = trackStopAllStart;
        System.arraycopy(trackWarnStart, 0, warnCount, 0, warnCount.length);
        System.arraycopy(trackWarnDetailStart, 0, warnDetail, 0, warnDetail.length);
        System.arraycopy(trackProgramStart, 0, program, 0, program.length);
        Arrays.fill(open, -1); // only this track's notes were sounding
    }

    /** Reads one track's events (not closing it); returns where the next chunk starts. */
    private int readTrackEvents(int index, int start, long declaredEnd) {
        trackIndex = index;
        trackRepairs = 0;
        tick = 0;
        runningStatus = 0;
        trackName = null;
        boolean overflows = declaredEnd > fileEnd;
        int limit = (int) Math.min(declaredEnd, fileEnd);
        int stop = parseEvents(start, limit);
        int next;
        boolean eot = stop == STOP_EOT;
        if (stop == STOP_EOT) {
            int after = stopPos;
            if (!overflows && (limit == fileEnd || chunkLikeAt(limit))) {
                next = limit; // normal; bytes between end-of-track and the chunk's end are ignored
            } else {
                int m = indexOfMTrk(after);
                if (m >= 0 && m < declaredEnd) {
                    warn(SmfWarning.TRACK_LENGTH_TOO_LARGE, "track " + index + " declares " + (declaredEnd - start) + " bytes, next MTrk at +" + (m - start));
                    next = m;
                } else if (m >= 0) {
                    warn(SmfWarning.TRACK_LENGTH_TOO_SMALL, "track " + index + " declares " + (declaredEnd - start) + " bytes, next MTrk at +" + (m - start));
                    next = m;
                } else if (overflows) {
                    warn(SmfWarning.TRACK_LENGTH_TOO_LARGE, "track " + index + " declares " + (declaredEnd - start) + " bytes, file ends at +" + (fileEnd - start));
                    next = after; // whatever follows the end-of-track is classified by the chunk walk
                } else {
                    next = limit;
                }
            }
        } else if (stop == STOP_INVALID) {
            int m = indexOfMTrk(stopPos);
            next = m >= 0 ? m : fileEnd;
        } else if (stop == STOP_EVENT_CAP) {
            next = fileEnd;
        } else if (overflows) {
            warn(SmfWarning.TRUNCATED, "track " + index + " cut at offset " + fileEnd + " (declared end " + declaredEnd + ")");
            next = fileEnd;
        } else if (limit == fileEnd || chunkLikeAt(limit)) {
            warn(SmfWarning.MISSING_END_OF_TRACK, "track " + index);
            next = limit;
        } else {
            // the declared length stops inside the events: read on to the next MTrk (or the file's end)
            int m = indexOfMTrk(stopPos);
            int bound = m >= 0 ? m : fileEnd;
            warn(SmfWarning.TRACK_LENGTH_TOO_SMALL, "track " + index + " declares " + (declaredEnd - start) + " bytes, events run on");
            stop = parseEvents(stopPos, bound);
            eot = stop == STOP_EOT;
            if (stop == STOP_LIMIT) {
                warn(m >= 0 ? SmfWarning.MISSING_END_OF_TRACK : SmfWarning.TRUNCATED, "track " + index);
            }
            next = m >= 0 ? m : (stop == STOP_EOT ? stopPos : fileEnd);
        }
        trackEot = eot;
        return next;
    }

    private void closeTrack(int firstNote, boolean eot) {
        Arrays.fill(nTrack, firstNote, noteCount, (short) trackIndex);
        int sounding = 0;
        for (int i = firstNote; i < noteCount; i++) {
            if (nEnd[i] < 0) {
                nEnd[i] = tick;
                int slot = openSlot(NoteTable.channelOf(nInfo[i]), NoteTable.keyOf(nInfo[i]));
                open[slot] = -1;
                open[slot + 1] = -1;
                sounding++;
            }
        }
        if (sounding > 0) {
            unterminated += sounding;
            warn(SmfWarning.UNTERMINATED_NOTES, sounding, "track " + trackIndex);
        }
        trackInfos.add(new TrackInfo(trackIndex, trackName, events - trackFirstEvent, noteCount - firstNote, tick, eot));
    }

    // ------------------------------------------------------------------------------------------------ events

    /**
     * Reads events from {@code p} up to {@code limit}. An event that would cross the limit is not read
     * ({@link #stopPos} is left at its start and the tick restored), so a caller may continue past the limit.
     * Runs of plain channel events go through {@link #channelEvents}; this loop handles everything else.
     */
    private int parseEvents(int p, int limit) {
        final byte[] d = this.d;
        final int maxEvents = limits.maxEvents();
        while (true) {
            if (events < maxEvents - 1 && !careful) {
                p = channelEvents(p, limit - CHANNEL_EVENT_MAX_BYTES);
            }
            if (p >= limit) {
                stopPos = p;
                return STOP_LIMIT;
            }
            final int eventStart = p;
            final long tickBefore = tick;
            long t = tick;
            int b = d[p++];
            long delta = b & 0x7F;
            int n = 1;
            while (b < 0 && n < 4) {
                if (p >= limit) {
                    return incomplete(eventStart, tickBefore);
                }
                b = d[p++];
                delta = (delta << 7) | (b & 0x7F);
                n++;
            }
            if (b < 0) {
                warn(SmfWarning.BAD_VARIABLE_LENGTH, "track " + trackIndex + " offset " + eventStart);
            }
            if (careful ? delta > carefulMaxDelta && (delta > repairedTrackMaxDelta || (t + delta) % restGrid != 0
                    || !eventsResume(p, limit))
                    : delta > repairedTrackMaxDelta && (trackRepairs > 0 || delta > maxDelta)) {
                // only here, never in the fast loop: it leaves deltas of three bytes or more to this one
                warn(SmfWarning.IMPLAUSIBLE_DELTA, delta + " ticks in track " + trackIndex + " offset " + eventStart);
                delta = 0;
                while (p < limit && d[p] >= 0) {
                    p++; // resync on the next status byte
                }
            }
            t += delta;
            tick = t;
            if (p >= limit) {
                return incomplete(eventStart, tickBefore);
            }
            int status = eventStatus(d[p], runningStatus);
            if (d[p] < 0) {
                p++;
            } else if (status == 0) {
                warn(SmfWarning.RUNNING_STATUS_WITHOUT_STATUS, "track " + trackIndex + " offset " + p);
                while (p < limit && d[p] >= 0) {
                    p++;
                }
                if (p >= limit) {
                    stopPos = p;
                    return STOP_LIMIT;
                }
                status = d[p++] & 0xFF;
            }

            if (status < 0xF0) {
                runningStatus = status;
                int need = dataBytes(status);
                if (p + need > limit) {
                    return incomplete(eventStart, tickBefore);
                }
                int d1 = d[p] & 0xFF;
                int d2 = need == 2 ? d[p + 1] & 0xFF : 0;
                p += need;
                if ((d1 | d2) > 127) {
                    warn(SmfWarning.DATA_BYTE_OUT_OF_RANGE, "track " + trackIndex + " offset " + (p - need));
                    d1 = Math.min(d1, 127);
                    d2 = Math.min(d2, 127);
                }
                if (noteCount == nStart.length) {
                    growNotes(noteCount + 1);
                }
                channelEvent(status, d1, d2, t);
            } else if (status == 0xFF) {
                if (p >= limit) {
                    return incomplete(eventStart, tickBefore);
                }
                int metaType = d[p++] & 0xFF;
                int after = skipLength(p, limit);
                if (after < 0) {
                    return incomplete(eventStart, tickBefore);
                }
                int l = (int) lengthValue;
                if (metaType == 0x2F) {
                    events++;
                    stopPos = after + l;
                    return STOP_EOT;
                }
                meta(metaType, after, l);
                p = after + l;
            } else if (status == 0xF0 || status == 0xF7) {
                int after = skipLength(p, limit);
                if (after < 0) {
                    return incomplete(eventStart, tickBefore);
                }
                p = after + (int) lengthValue;
                sysexCount++;
            } else {
                // system common / real-time bytes have no place in a file; accept the defined ones as mido does
                int need = switch (status) {
                    case 0xF1, 0xF3 -> 1;
                    case 0xF2 -> 2;
                    case 0xF6, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE -> 0;
                    default -> -1;
                };
                if (need < 0) {
                    warn(SmfWarning.INVALID_STATUS_BYTE, "0x" + Integer.toHexString(status) + " in track " + trackIndex + " offset " + (p - 1));
                    stopPos = p;
                    tick = tickBefore;
                    return STOP_INVALID;
                }
                if (p + need > limit) {
                    return incomplete(eventStart, tickBefore);
                }
                p += need;
            }
            if (++events >= maxEvents) {
                warn(SmfWarning.EVENT_LIMIT_REACHED, maxEvents + " events read");
                stopAll = true;
                stopPos = p;
                return STOP_EVENT_CAP;
            }
        }
    }

    /** The most bytes a channel event takes with a delta of at most two bytes: delta, status, two data bytes. */
    private static final int CHANNEL_EVENT_MAX_BYTES = 5;

    /**
     * The hot loop: a run of channel events whose delta takes at most two bytes and whose data bytes are valid, all
     * starting at or before {@code end} (so all their bytes are present). Returns the position of the first event it
     * leaves to {@link #parseEvents}, unread. Stops one event before the event cap so the general loop meets it.
     *
     * <p>State lives in locals, written back on return. Decoding branches rather than computing masks: a branch-free
     * decode makes each event's position depend on loads of the one before, which measured slower.
     */
    private int channelEvents(int p, int end) {
        final byte[] d = this.d;
        long t = tick;
        int rs = runningStatus;
        int ev = events;
        final int lastFast = limits.maxEvents() - 1;
        // room for every note-on that fits before end (each takes at least three bytes), so the loop makes no call
        int room = (int) Math.min(noteCount + (long) Math.max(0, end - p) / 3 + 3, limits.maxEvents() + 1L);
        if (room > nStart.length) {
            growNotes(room);
        }
        while (p <= end && ev < lastFast) {
            int b = d[p];
            int q = p + 1;
            if (b < 0) {
                int b1 = d[q++];
                if (b1 < 0) {
                    break; // delta of three or more bytes
                }
                b = ((b & 0x7F) << 7) | b1;
            }
            int status = d[q] & 0xFF;
            if (status >= 0x80) {
                if (status >= 0xF0) {
                    break; // meta, sysex or system event
                }
                q++;
            } else if (rs != 0) {
                status = rs;
            } else {
                break; // data where a status belongs
            }
            int d1 = d[q];
            int d2;
            if (dataBytes(status) == 1) {
                d2 = 0;
                q++;
            } else {
                d2 = d[q + 1];
                q += 2;
            }
            if ((d1 | d2) < 0) {
                break; // a data byte above 127
            }
            t += b;
            p = q;
            rs = status;
            ev++;
            channelEvent(status, d1, d2, t);
        }
        tick = t;
        runningStatus = rs;
        events = ev;
        return p;
    }

    /**
     * The status of an event whose first byte is {@code first}: that byte when it is a status byte (the caller steps
     * over it), else the running status; 0 when there is neither. The parser and the splitter read events so.
     */
    static int eventStatus(byte first, int runningStatus) {
        return first < 0 ? first & 0xFF : runningStatus;
    }

    /** Data bytes of a channel event: one for program change and channel pressure, else two. */
    /** How many well-formed events must follow a long delta in a repaired track for it to be read as a rest. */
    private static final int RESUMING_EVENTS = 8;

    /**
     * Whether a plausible event stream resumes at {@code p}, after a delta too long to believe in a repaired track:
     * {@link #RESUMING_EVENTS} events (or fewer ending the track or its data) with a status or the running status,
     * data bytes under 0x80, note-offs only of sounding notes, meta and sysex lengths inside the track, and deltas of
     * at most four bars between them.
     * A long rest in real music passes; garbage read as a delta seldom does. Reads only: no state changes.
     */
    private boolean eventsResume(int p, int limit) {
        final byte[] d = this.d;
        int rs = runningStatus;
        int[] opened = new int[RESUMING_EVENTS];
        java.util.Arrays.fill(opened, -1);
        for (int event = 0; event < RESUMING_EVENTS; event++) {
            if (event > 0) {
                long delta = 0;
                int n = 0;
                int b;
                do {
                    if (p >= limit) {
                        return true; // the data ends at an event boundary
                    }
                    b = d[p++];
                    delta = (delta << 7) | (b & 0x7F);
                } while (b < 0 && ++n < 4);
                if (b < 0 || delta > carefulMaxDelta) {
                    return false;
                }
            }
            if (p >= limit) {
                return event > 0;
            }
            int status = eventStatus(d[p], rs);
            if (status == 0) {
                return false;
            }
            if (d[p] < 0) {
                p++;
            }
            if (status < 0xF0) {
                rs = status;
                int need = dataBytes(status);
                if (p + need > limit || d[p] < 0 || (need == 2 && d[p + 1] < 0)) {
                    return false;
                }
                int type = status & 0xF0;
                if (type == 0x90 && d[p + 1] > 0) {
                    opened[event] = (status & 0x0F) << 7 | d[p];
                } else if (type <= 0x90 && !closesANote((status & 0x0F) << 7 | d[p], opened, event)) {
                    return false; // a note-off of a note that is not sounding: the bytes are not read in step
                }
                p += need;
            } else if (status == 0xFF || status == 0xF0 || status == 0xF7) {
                if (status == 0xFF) {
                    if (p >= limit || d[p] < 0) {
                        return false;
                    }
                    if (d[p++] == 0x2F) {
                        return true; // end of track
                    }
                }
                int after = skipLength(p, limit);
                if (after < 0) {
                    return false;
                }
                p = after + (int) lengthValue;
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a note-off of {@code channelKey} ({@code channel << 7 | key}) in the look-ahead closes a note: one the
     * track has open, or one the look-ahead opened (each closed once).
     */
    private boolean closesANote(int channelKey, int[] opened, int event) {
        for (int i = 0; i < event; i++) {
            if (opened[i] == channelKey) {
                opened[i] = -1;
                return true;
            }
        }
        return open[openSlot(channelKey >> 7, channelKey & 0x7F)] >= 0;
    }

    private static int dataBytes(int status) {
        return (status & 0xE0) == 0xC0 ? 1 : 2;
    }

    private int incomplete(int eventStart, long tickBefore) {
        stopPos = eventStart;
        tick = tickBefore;
        return STOP_LIMIT;
    }

    /**
     * A channel event with valid data bytes: notes are paired per channel and key, programs tracked. The note buffers
     * must have room for one more note.
     */
    private void channelEvent(int status, int d1, int d2, long t) {
        int type = status & 0xF0;
        int ch = status & 0x0F;
        if (type == 0x90 && d2 > 0) {
            noteOn(ch, d1, d2, t);
        } else if (type <= 0x90) {
            noteOff(ch, d1, t);
        } else if (type == 0xC0) {
            program[ch] = d1;
        }
    }

    private void noteOn(int ch, int key, int vel, long t) {
        int n = noteCount;
        nStart[n] = t;
        nEnd[n] = -1;
        nInfo[n] = NoteTable.pack(key, vel, ch, program[ch]);
        int slot = openSlot(ch, key);
        int tail = open[slot + 1];
        if (tail < 0) {
            open[slot] = n;
        } else {
            nEnd[tail] = -2 - n;
        }
        open[slot + 1] = n;
        noteCount = n + 1;
    }

    /** Index in {@link #open} of the oldest sounding note on this channel and key (the newest is the next entry). */
    private static int openSlot(int channel, int key) {
        return (channel << 8) | (key << 1); // 2 * (channel << 7 | key)
    }

    /** A note-off (or note-on with velocity 0) ends the oldest sounding note on its channel and key. */
    private void noteOff(int ch, int key, long t) {
        int slot = openSlot(ch, key);
        int head = open[slot];
        if (head < 0) {
            orphanOffs++;
            return;
        }
        int next = (int) (-2 - nEnd[head]);
        nEnd[head] = t;
        open[slot] = next;
        if (next < 0) {
            open[slot + 1] = -1;
        }
    }

    private long lengthValue; // set by skipLength

    /**
     * Reads a variable-length quantity (at most four bytes) at {@code p} into {@link #lengthValue}; returns the
     * position after it, or -1 when it or the bytes it announces run past {@code limit}.
     */
    private int skipLength(int p, int limit) {
        long len = 0;
        int n = 0;
        int b;
        do {
            if (p >= limit) {
                return -1;
            }
            b = d[p++];
            len = (len << 7) | (b & 0x7F);
        } while (b < 0 && ++n < 4);
        if (len > limit - p) {
            return -1;
        }
        lengthValue = len;
        return p;
    }

    /** Grows the note buffers to hold at least {@code needed} notes, a number bounded by the bytes present. */
    private void growNotes(int needed) {
        int cap = Math.max(needed, nStart.length * 2);
        nStart = Arrays.copyOf(nStart, cap);
        nEnd = Arrays.copyOf(nEnd, cap);
        nInfo = Arrays.copyOf(nInfo, cap);
        nTrack = Arrays.copyOf(nTrack, cap);
    }

    private void meta(int type, int p, int len) {
        switch (type) {
            case 0x51 -> {
                int us = len >= 3 ? ((d[p] & 0xFF) << 16) | ((d[p + 1] & 0xFF) << 8) | (d[p + 2] & 0xFF) : 0;
                if (us == 0) {
                    warn(SmfWarning.BAD_META_EVENT, "tempo of length " + len + " in track " + trackIndex);
                    return;
                }
                if (tempoCount == tTick.length) {
                    tTick = Arrays.copyOf(tTick, tempoCount * 2);
                    tUs = Arrays.copyOf(tUs, tempoCount * 2);
                }
                tTick[tempoCount] = tick;
                tUs[tempoCount++] = us;
            }
            case 0x58 -> {
                int num = len >= 2 ? d[p] & 0xFF : 0;
                int pow = len >= 2 ? d[p + 1] & 0xFF : 99;
                if (num == 0 || pow > 6) {
                    warn(SmfWarning.BAD_META_EVENT, "time signature in track " + trackIndex);
                    return;
                }
                if (timeSigs.size() < 10_000) {
                    timeSigs.add(new TimeSignature(tick, num, 1 << pow, len >= 3 ? d[p + 2] & 0xFF : 24, len >= 4 ? d[p + 3] & 0xFF : 8));
                }
            }
            case 0x59 -> {
                int sharps = len >= 2 ? d[p] : 99;
                int mode = len >= 2 ? d[p + 1] & 0xFF : 99;
                if (sharps < -7 || sharps > 7 || mode > 1) {
                    warn(SmfWarning.BAD_META_EVENT, "key signature in track " + trackIndex);
                    return;
                }
                if (keySigs.size() < 10_000) {
                    keySigs.add(new KeySignature(tick, sharps, mode == 1));
                }
            }
            case 0x05 -> lyricCount++;
            default -> {
                if (type >= 0x01 && type <= 0x0F) {
                    if (type == TextEvent.TRACK_NAME && trackName == null) {
                        trackName = TextDecoding.decode(d, p, Math.min(len, limits.maxTextChars() * 4), limits.maxTextChars());
                    }
                    if (texts.size() < limits.maxTextEvents()) {
                        String text = TextDecoding.decode(d, p, Math.min(len, limits.maxTextChars() * 4), limits.maxTextChars());
                        if (!text.isEmpty()) {
                            texts.add(new TextEvent(trackIndex, tick, type, text));
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ results

    private TempoMap buildTempoMap(int ticksPerQuarter, double smpteSecondsPerTick) {
        int n = tempoCount;
        long[] ticks = Arrays.copyOf(tTick, n);
        int[] tempi = Arrays.copyOf(tUs, n);
        if (!sortedAscending(ticks, n)) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> ticks[i])); // stable: file order among equal ticks
            long[] st = new long[n];
            int[] su = new int[n];
            for (int i = 0; i < n; i++) {
                st[i] = ticks[order[i]];
                su[i] = tempi[order[i]];
            }
            return new TempoMap(st, su, n, ticksPerQuarter, smpteSecondsPerTick);
        }
        return new TempoMap(ticks, tempi, n, ticksPerQuarter, smpteSecondsPerTick);
    }

    private NoteTable buildNotes(TempoMap tempoMap) {
        int n = noteCount;
        long[] start;
        long[] end;
        int[] info;
        short[] track;
        if (runCount <= 1 || sortedAscending(nStart, n)) {
            // copyOf does not zero the new arrays first
            start = Arrays.copyOf(nStart, n);
            end = Arrays.copyOf(nEnd, n);
            info = Arrays.copyOf(nInfo, n);
            track = Arrays.copyOf(nTrack, n);
        } else {
            start = new long[n];
            end = new long[n];
            info = new int[n];
            track = new short[n];
            gatherSorted(start, end, info, track);
        }
        double[] startSec = new double[n];
        double[] endSec = new double[n];
        tempoMap.fillSeconds(start, end, startSec, endSec, n);
        return new NoteTable(n, start, end, startSec, endSec, info, track);
    }

    // output buffers of parseTransient for notes that need reordering
    private long[] outStart = new long[0];
    private long[] outEnd = new long[0];
    private int[] outInfo = new int[0];
    private short[] outTrack = new short[0];
    private double[] outStartSec = new double[0];
    private double[] outEndSec = new double[0];

    /** {@link #buildNotes} into reused buffers: notes already in order are handed out where they were read. */
    private NoteTable buildTransientNotes(TempoMap tempoMap) {
        int n = noteCount;
        if (outStartSec.length < n) {
            int cap = Math.max(n, outStartSec.length * 2);
            outStartSec = new double[cap];
            outEndSec = new double[cap];
        }
        NoteTable notes;
        if (runCount <= 1 || sortedAscending(nStart, n)) {
            notes = new NoteTable(n, nStart, nEnd, outStartSec, outEndSec, nInfo, nTrack);
        } else {
            if (outStart.length < n) {
                int cap = Math.max(n, outStart.length * 2);
                outStart = new long[cap];
                outEnd = new long[cap];
                outInfo = new int[cap];
                outTrack = new short[cap];
            }
            gatherSorted(outStart, outEnd, outInfo, outTrack);
            notes = new NoteTable(n, outStart, outEnd, outStartSec, outEndSec, outInfo, outTrack);
        }
        tempoMap.fillSeconds(notes.startTick(), notes.endTick(), outStartSec, outEndSec, n);
        return notes;
    }

    /** Copies the notes read into the given arrays in start order (ties in file order). */
    private void gatherSorted(long[] start, long[] end, int[] info, short[] track) {
        int n = noteCount;
        long maxTick = maxValue(nStart, n);
        if (maxTick < (1L << (63 - INDEX_BITS))) {
            long[] sorted = sortPacked(n, maxTick);
            for (int i = 0; i < n; i++) {
                long v = sorted[i];
                int j = (int) (v & INDEX_MASK);
                start[i] = v >>> INDEX_BITS;
                end[i] = nEnd[j];
                info[i] = nInfo[j];
                track[i] = nTrack[j];
            }
        } else {
            int[] order = sortOrder(n);
            for (int i = 0; i < n; i++) {
                int j = order[i];
                start[i] = nStart[j];
                end[i] = nEnd[j];
                info[i] = nInfo[j];
                track[i] = nTrack[j];
            }
        }
    }

    private static final int INDEX_BITS = 22; // MAX_EVENTS_CAP: note indices fit
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private long[] packed = new long[1024];
    private long[] packedTmp = new long[1024];
    private int[] histogram = new int[1 << 11];

    /**
     * Notes ordered by start tick, ties in file order, as (tick << 22 | index): the packed values are unique, so their
     * plain order is the stable order by tick. An LSD radix sort over the tick bits only (starting from index order,
     * every pass stable), no comparisons: the result equals the former merge of per-track runs.
     */
    private long[] sortPacked(int n, long maxTick) {
        if (packed.length < n) {
            packed = new long[Math.max(n, packed.length * 2)];
            packedTmp = new long[packed.length];
        }
        long[] src = packed;
        int bits = 64 - Long.numberOfLeadingZeros(maxTick);
        if (n > 32 && bits > 11 && bits <= 22) {
            return sortPackedTwoPasses(n, bits);
        }
        for (int i = 0; i < n; i++) {
            src[i] = (nStart[i] << INDEX_BITS) | i;
        }
        if (n <= 32) {
            for (int i = 1; i < n; i++) {
                long v = src[i];
                int j = i - 1;
                while (j >= 0 && src[j] > v) {
                    src[j + 1] = src[j];
                    j--;
                }
                src[j + 1] = v;
            }
            return src;
        }
        int passes = (bits + 10) / 11;
        int width = passes == 0 ? 0 : (bits + passes - 1) / passes;
        int buckets = 1 << width;
        int mask = buckets - 1;
        long[] dst = packedTmp;
        int[] count = histogram;
        for (int pass = 0; pass < passes; pass++) {
            int shift = INDEX_BITS + pass * width;
            Arrays.fill(count, 0, buckets, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (src[i] >>> shift) & mask]++;
            }
            int sum = 0;
            for (int b = 0; b < buckets; b++) {
                int c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[count[(int) (v >>> shift) & mask]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    private int[] histogramHigh = new int[1 << 11];

    /**
     * {@link #sortPacked} for ticks of 12 to 22 bits, the usual case: packing and counting both digits share one read
     * of the ticks, then two scatter passes.
     */
    private long[] sortPackedTwoPasses(int n, int bits) {
        int width = (bits + 1) / 2;
        int mask = (1 << width) - 1;
        int buckets = 1 << width;
        long[] src = packed;
        long[] dst = packedTmp;
        int[] low = histogram;
        int[] high = histogramHigh;
        Arrays.fill(low, 0, buckets, 0);
        Arrays.fill(high, 0, buckets, 0);
        long[] start = nStart;
        for (int i = 0; i < n; i++) {
            long tick = start[i];
            src[i] = (tick << INDEX_BITS) | i;
            low[(int) tick & mask]++;
            high[(int) (tick >>> width) & mask]++;
        }
        int sumLow = 0;
        int sumHigh = 0;
        for (int b = 0; b < buckets; b++) {
            int c = low[b];
            low[b] = sumLow;
            sumLow += c;
            c = high[b];
            high[b] = sumHigh;
            sumHigh += c;
        }
        for (int i = 0; i < n; i++) {
            long v = src[i];
            dst[low[(int) (v >>> INDEX_BITS) & mask]++] = v;
        }
        int shift = INDEX_BITS + width;
        for (int i = 0; i < n; i++) {
            long v = dst[i];
            src[high[(int) (v >>> shift) & mask]++] = v;
        }
        return src;
    }

    private static long maxValue(long[] a, int n) {
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, a[i]);
        }
        return max;
    }

    /**
     * Stable order of notes by start tick. Each track's notes are already sorted, so the tracks' runs are merged
     * pairwise (log2(tracks) linear passes) instead of sorting.
     */
    private int[] sortOrder(int n) {
        if (order.length < n) {
            order = new int[Math.max(n, order.length * 2)];
            orderTmp = new int[order.length];
        }
        int[] src = order;
        int[] dst = orderTmp;
        for (int i = 0; i < n; i++) {
            src[i] = i;
        }
        int runs = runCount;
        runStarts[runs] = n;
        long[] key = nStart;
        while (runs > 1) {
            int out = 0;
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int lo = runStarts[r];
                int mid = runStarts[r + 1];
                int hi = r + 2 <= runs ? runStarts[Math.min(r + 2, runs)] : mid;
                runStarts[merged++] = lo;
                if (r + 1 >= runs) {
                    System.arraycopy(src, lo, dst, out, mid - lo);
                    out += mid - lo;
                    continue;
                }
                int i = lo;
                int j = mid;
                while (i < mid && j < hi) {
                    dst[out++] = key[src[j]] < key[src[i]] ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[out++] = src[i++];
                }
                while (j < hi) {
                    dst[out++] = src[j++];
                }
            }
            runs = merged;
            runStarts[runs] = n;
            int[] t = src;
            src = dst;
            dst = t;
        }
        return Arrays.copyOf(src, n);
    }

    private static boolean sortedAscending(long[] a, int n) {
        for (int i = 1; i < n; i++) {
            if (a[i] < a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void warn(SmfWarning kind, String detail) {
        warn(kind, 1, detail);
    }

    private void warn(SmfWarning kind, int times, String detail) {
        int i = kind.ordinal();
        if (warnCount[i] == 0) {
            warnDetail[i] = detail;
        }
        warnCount[i] += times;
        if (kind != SmfWarning.DATA_BYTE_OUT_OF_RANGE) {
            // a data byte over 127 is clipped where it stands: the events stay in step, so no garbage was read as time
            trackRepairs++;
        }
    }

    private boolean isId(int at, char a, char b, char c, char e) {
        return d[at] == a && d[at + 1] == b && d[at + 2] == c && d[at + 3] == e;
    }

    /** Whether a chunk header (four printable ASCII bytes and a length) could start at {@code at}. */
    private boolean chunkLikeAt(int at) {
        return at + 8 <= fileEnd && chunkIdAt(d, at);
    }

    /** Letters, digits or spaces, starting with a letter: every chunk id in use looks like that, event bytes rarely. */
    static boolean chunkIdAt(byte[] d, int at) {
        for (int i = at; i < at + 4; i++) {
            int c = d[i];
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!letter && (i == at || !((c >= '0' && c <= '9') || c == ' '))) {
                return false;
            }
        }
        return true;
    }

    private int indexOfMTrk(int from) {
        for (int i = Math.max(from, 0); i + 8 <= fileEnd; i++) {
            if (d[i] == 'M' && d[i + 1] == 'T' && d[i + 2] == 'r' && d[i + 3] == 'k') {
                return i;
            }
        }
        return -1;
    }

    private static long le32(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8) | ((d[at + 2] & 0xFF) << 16) | ((long) (d[at + 3] & 0xFF) << 24);
    }
}
