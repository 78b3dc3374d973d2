package io.midicrate.web.audition;

import java.util.List;
import java.util.stream.IntStream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.midicrate.analysis.Keys;

/**
 * What every page's player and project setting need: the 24 keys in their one spelling (index order, as
 * {@link Keys} numbers them) and, when previews use the JDK's built-in bank for want of a SoundFont, the note that
 * says so.
 */
@ControllerAdvice(basePackages = "io.midicrate.web")
class AuditionModel {

    static final List<String> KEYS = IntStream.range(0, 24).mapToObj(Keys::name).toList();

    private final ObjectProvider<Previews> previews;

    AuditionModel(ObjectProvider<Previews> previews) {
        this.previews = previews;
    }

    @ModelAttribute("auditionKeys")
    List<String> keys() {
        return KEYS;
    }

    @ModelAttribute("auditionSoundNote")
    String soundNote() {
        Previews p = previews.getIfAvailable();
        return p == null || p.sound().bank() != null ? null
                : "Previews use the JDK's small built-in instrument bank: no General MIDI SoundFont was found"
                        + " (install timgm6mb-soundfont, or set midicrate.preview.soundfont).";
    }
}
