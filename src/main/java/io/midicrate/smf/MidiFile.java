package io.midicrate.smf;

import java.util.List;

/**
 * What the lenient parser recovered from one Standard MIDI File.
 *
 * @param format          0, 1 or 2 as declared (other values are read as 1 and warned)
 * @param declaredTracks  the header's track count
 * @param ticksPerQuarter ticks per quarter note; for SMPTE files the equivalent at 120 BPM, so beats stay defined
 * @param smpte           whether the division is SMPTE (then ticks are absolute time)
 * @param rmid            whether the file came in a RIFF RMID wrapper
 * @param lengthTicks     the end of the longest track (its end-of-track tick), as mido measures length
 * @param notes           every note, sorted by start
 * @param tempoMap        tempo events from all tracks
 * @param timeSignatures  time signatures from all tracks, by tick
 * @param keySignatures   key signatures from all tracks, by tick
 * @param texts           text meta events other than lyrics (capped by {@link SmfParser.Limits#maxTextEvents()})
 * @param lyricCount      lyric meta events (counted, not kept)
 * @param tracks          the track chunks read
 * @param eventCount      events read in all tracks
 * @param unterminatedNotes notes closed at their track's end because no note-off came
 * @param orphanNoteOffs  note-offs with no sounding note (harmless, counted)
 * @param warnings        one entry per kind of repair made
 */
public record MidiFile(int format, int declaredTracks, int division, int ticksPerQuarter, boolean smpte, boolean rmid,
                       long lengthTicks, NoteTable notes, TempoMap tempoMap, List<TimeSignature> timeSignatures,
                       List<KeySignature> keySignatures, List<TextEvent> texts, int lyricCount, List<TrackInfo> tracks,
                       int eventCount, int sysexCount, int unterminatedNotes, int orphanNoteOffs,
                       List<ParseWarning> warnings) {

    /** Duration in seconds through the whole tempo map. */
    public double durationSeconds() {
        return tempoMap.seconds(lengthTicks);
    }

    public boolean hasWarning(SmfWarning kind) {
        for (ParseWarning w : warnings) {
            if (w.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    public int warningCount(SmfWarning kind) {
        for (ParseWarning w : warnings) {
            if (w.kind() == kind) {
                return w.count();
            }
        }
        return 0;
    }
}
