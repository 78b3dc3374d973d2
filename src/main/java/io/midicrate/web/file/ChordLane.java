package io.midicrate.web.file;

import java.util.List;
import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

import io.midicrate.analysis.HarmonyFacts;

/**
 * The chords over time as an SVG strip drawn on the piano roll's time scale, so that it scrolls with the roll and
 * each chord sits above its notes: the chord's name in the strip, its numeral in the tooltip.
 */
final class ChordLane {

    static final int HEIGHT = 24;

    private ChordLane() {
    }

    /** The strip, or "" when the file has no chords. */
    static String draw(List<HarmonyFacts.ChordSegment> chords, PianoRoll.Drawing roll) {
        if (chords.isEmpty() || chords.stream().allMatch(c -> c.chord() == null)) {
            return "";
        }
        double pxPerSecond = roll.pxPerSecond();
        StringBuilder svg = new StringBuilder(120 + chords.size() * 160);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chordlane\" id=\"chordlane\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Chords\">", roll.width(),
                HEIGHT, roll.width(), HEIGHT));
        svg.append("<text class=\"lane-label\" x=\"2\" y=\"16\">chords</text>");
        for (HarmonyFacts.ChordSegment c : chords) {
            if (c.chord() == null) {
                continue;
            }
            double x = PianoRoll.LEFT + c.startSeconds() * pxPerSecond;
            double w = Math.max(2, (c.endSeconds() - c.startSeconds()) * pxPerSecond - 1);
            String name = HtmlUtils.htmlEscape(c.chord().name());
            String numeral = c.numeral() == null ? "" : HtmlUtils.htmlEscape(c.numeral());
            svg.append(String.format(Locale.ROOT, "<g class=\"chord\" data-chord=\"%s\" data-numeral=\"%s\">"
                    + "<title>%s%s at %.2f s</title><rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"%d\"/>", name, numeral,
                    name, numeral.isEmpty() ? "" : " (" + numeral + ")", c.startSeconds(), x, w, HEIGHT - 4));
            if (w >= 18) { // a name only where it fits; the tooltip has it everywhere
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"16\">%s</text>", x + 3, name));
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }
}
