package io.midicrate.audition;

import java.util.Locale;

import io.midicrate.common.OperatorException;

/** What a preview does with channel 10, the General MIDI drum kit. */
public enum Drums {
    PLAY, MUTE, ONLY;

    /** "mute" or "only" (either case); null plays everything. */
    public static Drums parse(String text) {
        if (text == null) {
            return PLAY;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "mute" -> MUTE;
            case "only" -> ONLY;
            case "play" -> PLAY;
            default -> throw new OperatorException("--drums takes mute or only, not '" + text + "'");
        };
    }
}
