package io.midicrate.analysis;

import io.midicrate.smf.ParseWarning;
import java.util.List;

/**
 * Everything the analysis core says about one MIDI file. Records only, so the job can map them to columns.
 * Undefined numbers (no notes, no tempo estimate) are {@code NaN} for doubles and -1 for indices.
 *
 * @param analysisVersion {@link MidiAnalyzer#ANALYSIS_VERSION} of the code that produced this
 * @param sound           what "more like this" compares ({@link SoundProfile}), null when the file has no notes
 * @param noteFingerprint hex of 16 bytes of SHA-256 over the normalised note content (see {@link MidiAnalyzer})
 */
public record Analysis(int analysisVersion, FileFacts file, TempoFacts tempo, KeyFacts key, TimeFacts time,
                       NoteFacts notes, InstrumentFacts instruments, TextFacts text, HarmonyFacts harmony,
                       SoundProfile.Profile sound, String noteFingerprint) {

    /** Container facts, and the repairs the parser made. */
    public record FileFacts(int format, int trackCount, int declaredTracks, int ticksPerQuarter, boolean smpte,
                            boolean rmid, int eventCount, List<ParseWarning> warnings) {
    }

    /** One point of the tempo map. */
    public record TempoPoint(long tick, double seconds, double bpm) {
    }

    /**
     * @param declared        whether the file holds any tempo event (otherwise everything below is the 120 default)
     * @param initialBpm      tempo in force at tick 0
     * @param dominantBpm     tempo in force for the longest time (seconds) within the file's length
     * @param tempoEvents     tempo events in the file (all tracks)
     * @param changes         tempo events that change the tempo in force
     * @param map             the first {@link MidiAnalyzer#TEMPO_MAP_CAP} points of the tempo map
     * @param estimatedBpm    onset-based estimate (NaN when too few onsets)
     * @param estimateConfidence 0..1: normalised autocorrelation at the chosen beat period
     * @param defaultTempoDisagrees the file declares no tempo (so plays at 120) and a confident estimate is not
     *                        120, 60 or 240 within 4%: the real tempo was probably lost on export
     */
    public record TempoFacts(boolean declared, double initialBpm, double dominantBpm, double minBpm, double maxBpm,
                             int tempoEvents, int changes, List<TempoPoint> map, boolean mapTruncated,
                             double estimatedBpm, double estimateConfidence, boolean defaultTempoDisagrees) {
    }

    /**
     * A key with its score from {@link KeyEstimator} (the profile correlation of the bass-weighted histogram plus the
     * segment and final-chord terms; about -1..1.6) plus, in files of at most 32 bars of chords, the chord evidence of
     * {@link HarmonicKey} (up to about 1.4 more). {@code index} 0..11 major C..B, 12..23 minor.
     */
    public record KeyCandidate(int index, String name, double correlation) {
    }

    /** Where the final key came from. */
    public enum KeySource { KEY_SIGNATURE, ESTIMATE, NONE }

    /**
     * @param profile      the key profile used for the estimate
     * @param estimated    best key by {@link KeyEstimator} from the notes alone (drums excluded; key signatures
     *                     never read), null when there are no pitched notes
     * @param runnerUp     second-best key, null when none
     * @param confidence   score margin best - runner-up (0 when undefined); small margins are mostly relative- or
     *                     fifth-related confusions; docs/accuracy.md measures how much it says
     * @param pitchClassSeconds seconds sounded per pitch class, drums excluded (before the estimator's weighting)
     * @param declaredIndex key of the first key-signature event, -1 when none
     * @param declaredName  that key in its one spelling ({@link Keys#name}: six sharps minor is "Eb minor"), null when none
     * @param keySignatures key-signature events in the file
     * @param finalIndex    the key to store: a declared signature other than C major wins (a strong label in MIDI
     *                      found in the wild); a C-major signature is usually a sequencer default, so the estimate
     *                      wins over it; -1 when the file has no pitched notes and no usable signature
     */
    public record KeyFacts(String profile, KeyCandidate estimated, KeyCandidate runnerUp, double confidence,
                           int declaredIndex, String declaredName, int keySignatures, int finalIndex, String finalName,
                           KeySource finalSource, double[] pitchClassSeconds) {

        /**
         * Whether the estimate is a toss-up between relative keys (A minor or C major from the same seven notes): the
         * runner-up is the estimate's relative key and the margin is below {@link HarmonicKey#AMBIGUOUS_MARGIN}.
         */
        public boolean ambiguous() {
            if (estimated == null || runnerUp == null) {
                return false;
            }
            return runnerUp.index() == HarmonicKey.relative(estimated.index()) && confidence < HarmonicKey.AMBIGUOUS_MARGIN;
        }
    }

    /**
     * @param numerator       time signature in force at the start (4/4 when none is declared by the first note)
     * @param declared        whether that signature was declared
     * @param changes         time-signature events that change the signature in force
     * @param durationBars    bars through the time-signature map (4/4 before the first one)
     */
    public record TimeFacts(int numerator, int denominator, boolean declared, int changes, long durationTicks,
                            double durationSeconds, double durationBars) {
    }

    /**
     * Pitch statistics are over pitched notes (drums excluded); velocity, density and empty beats over all notes.
     *
     * @param polyphonyMean   mean number of pitched notes sounding while any sounds (time-weighted, ticks)
     * @param pitchClassEntropy Shannon entropy (bits) of the pitch-class note counts, 0..log2(12)
     * @param scaleConsistency best share of pitched notes inside one of the 24 major/natural-minor scales
     * @param emptyBeatRate   share of quarter-note beats (of the file's length) where no note starts
     */
    public record NoteFacts(int count, int pitchedCount, int drumCount, int distinctPitches, int pitchMin, int pitchMax,
                            double pitchMean, double velocityMean, double velocityStdDev, double polyphonyMean,
                            int polyphonyMax, double notesPerSecond, double pitchClassEntropy, double scaleConsistency,
                            double emptyBeatRate, int unterminatedNotes) {
    }

    /**
     * One instrument use: a channel and the program in force at its notes. Channel is 0-based (9 = MIDI channel 10).
     * Drum-channel entries have family {@link GeneralMidi#DRUM_FAMILY} and a kit name, never a piano.
     */
    public record ChannelInstrument(int channel, int program, String name, String family, boolean drums, int noteCount) {
    }

    /** Drum hits by kit piece. */
    public record DrumKit(int kick, int snare, int hiHat, int cymbal, int tom, int other) {
    }

    public record InstrumentFacts(List<ChannelInstrument> channels, boolean hasDrums, boolean drumsOnly, DrumKit drumHits) {
    }

    /** Text meta events, decoded leniently (UTF-8 when valid, else windows-1252), control characters stripped. */
    public record TextFacts(List<String> trackNames, List<String> instrumentNames, String copyright, List<String> markers,
                            int lyricCount, int textCount) {
    }
}
