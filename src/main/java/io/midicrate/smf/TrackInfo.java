package io.midicrate.smf;

/**
 * One track chunk as read.
 *
 * @param name        its first track-name meta event, or null
 * @param endTick     the tick of its end-of-track (or of its last event when it had none)
 * @param endOfTrack  whether it had an end-of-track event
 */
public record TrackInfo(int index, String name, int eventCount, int noteCount, long endTick, boolean endOfTrack) {
}
