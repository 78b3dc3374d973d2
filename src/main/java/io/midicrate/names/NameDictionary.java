package io.midicrate.names;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The word lists behind {@link NameMetadataExtractor}. Entries are whole tokens or token phrases, never substrings:
 * the system we replace found "bass" in "bassoon" and "pop" in "popcorn".
 */
final class NameDictionary {

    /** A dictionary phrase: consecutive lowercase tokens that normalise to {@code value}. */
    record Phrase(String[] tokens, String value, boolean genre) {
    }

    private static final String[][] GENRES = {
            // normalised value, then spellings (space separates tokens of one phrase; "dn b" is camelCase "DnB")
            {"house", "house"},
            {"deep-house", "deep house", "deephouse"},
            {"tech-house", "tech house", "techhouse"},
            {"progressive-house", "progressive house", "prog house"},
            {"future-house", "future house"},
            {"bass-house", "bass house"},
            {"afro-house", "afro house"},
            {"techno", "techno"},
            {"trance", "trance"},
            {"psytrance", "psytrance", "psy trance"},
            {"trap", "trap"},
            {"hip-hop", "hip hop", "hiphop"},
            {"boom-bap", "boom bap", "boombap"},
            {"rap", "rap"},
            {"drill", "drill"},
            {"grime", "grime"},
            {"drum-and-bass", "dnb", "drum and bass", "drum n bass", "drumnbass", "d and b", "d n b", "dn b"},
            {"jungle", "jungle"},
            {"dubstep", "dubstep"},
            {"riddim", "riddim"},
            {"lofi", "lofi", "lo fi"},
            {"jazz", "jazz"},
            {"funk", "funk"},
            {"soul", "soul"},
            {"neo-soul", "neo soul", "neosoul"},
            {"rnb", "rnb", "r and b", "r n b", "rn b"},
            {"gospel", "gospel"},
            {"blues", "blues"},
            {"pop", "pop"},
            {"k-pop", "kpop", "k pop"},
            {"rock", "rock"},
            {"metal", "metal"},
            {"punk", "punk"},
            {"indie", "indie"},
            {"reggae", "reggae"},
            {"reggaeton", "reggaeton"},
            {"dancehall", "dancehall"},
            {"afrobeat", "afrobeat", "afrobeats", "afro beat", "afro beats"},
            {"amapiano", "amapiano"},
            {"ambient", "ambient"},
            {"cinematic", "cinematic", "film score", "soundtrack"},
            {"orchestral", "orchestral"},
            {"classical", "classical"},
            {"edm", "edm"},
            {"electro", "electro"},
            {"future-bass", "future bass"},
            {"garage", "garage"},
            {"uk-garage", "uk garage", "ukg"},
            {"breakbeat", "breakbeat", "breakbeats", "breaks"},
            {"hardstyle", "hardstyle"},
            {"latin", "latin"},
            {"salsa", "salsa"},
            {"bossa-nova", "bossa nova", "bossa"},
            {"disco", "disco"},
            {"nu-disco", "nu disco", "nudisco"},
            {"synthwave", "synthwave", "retrowave", "outrun"},
            {"phonk", "phonk"},
            {"downtempo", "downtempo", "chillout"},
            {"trip-hop", "trip hop", "triphop"},
            {"moombahton", "moombahton"},
            {"country", "country"},
            {"chiptune", "chiptune", "8 bit"},
    };

    private static final String[][] ROLES = {
            {"drums", "drum", "drums", "drumloop", "drum loop", "beat", "beats", "drumkit", "groove", "grooves"},
            {"kick", "kick", "kicks", "kik", "bassdrum", "bass drum"},
            {"snare", "snare", "snares", "rim", "rimshot", "rims"},
            {"hihat", "hihat", "hihats", "hi hat", "hi hats", "hat", "hats", "hh", "open hat", "closed hat"},
            {"clap", "clap", "claps"},
            {"percussion", "perc", "percs", "percussion", "shaker", "shakers", "tom", "toms", "conga", "congas",
                    "bongo", "bongos", "cowbell", "ride", "crash", "cymbal", "cymbals", "tambourine"},
            {"bass", "bass", "basses", "bassline", "basslines", "bass line", "sub", "subbass", "sub bass", "808", "808s"},
            {"chords", "chord", "chords", "progression", "progressions", "prog", "chord progression"},
            {"melody", "melody", "melodies", "mel", "motif", "hook", "hooks", "topline", "riff", "riffs"},
            {"lead", "lead", "leads"},
            {"pad", "pad", "pads"},
            {"arp", "arp", "arps", "arpeggio", "arpeggios", "arpeggiated"},
            {"keys", "keys", "rhodes", "epiano", "e piano", "organ", "wurli", "wurlitzer"},
            {"piano", "piano", "pianos", "pno"},
            {"strings", "strings", "string", "violin", "violins", "cello", "viola"},
            {"brass", "brass", "horn", "horns", "trumpet", "trombone"},
            {"woodwind", "sax", "saxophone", "flute", "clarinet", "woodwind", "woodwinds"},
            {"guitar", "guitar", "guitars", "gtr"},
            {"vocal", "vocal", "vocals", "vox", "voice", "choir"},
            {"fx", "fx", "sfx", "riser", "risers", "impact", "sweep", "effects"},
            {"pluck", "pluck", "plucks"},
            {"synth", "synth", "synths"},
            {"bell", "bell", "bells"},
            {"loop", "loop", "loops"},
            {"fill", "fill", "fills"},
            {"one-shot", "one shot", "one shots", "oneshot", "oneshots"},
    };

    /** Folder words that name a container or category, never a pack ({@code MIDI}, {@code Packs}, {@code Loops} …). */
    static final Set<String> GENERIC = Set.of(
            "lib", "library", "libraries", "packs", "midi", "midis", "mid", "files", "file", "samples", "sample",
            "sounds", "sound", "downloads", "download", "music", "data", "content", "contents", "stuff", "misc",
            "various", "new", "folder", "all", "audio", "kits", "collections", "archive", "archives", "home", "users",
            "mnt", "media", "volumes", "run", "tmp", "var", "srv", "desktop", "documents", "dropbox", "onedrive",
            "stems", "presets", "construction", "bonus", "extras", "extra", "demo", "demos", "bpm", "bpms", "tempo",
            "major", "minor", "maj", "min", "key", "keys", "patterns", "pattern", "vol", "volume", "part", "pt",
            "disc", "cd", "and", "the", "of", "elements", "instruments", "melodic", "tops", "full", "wav");

    /** Words that make a folder look like a pack rather than a sub-category inside one. */
    static final Set<String> PACK_MARKERS = Set.of(
            "pack", "kit", "vol", "volume", "collection", "series", "edition", "essentials", "toolkit", "bundle");

    /** Parents whose children are user or volume names: {@code /home/alice}, {@code /Volumes/USB}. */
    static final Set<String> NAME_HOLDERS = Set.of("home", "users", "media", "volumes", "mnt", "run");

    static final Set<String> BPM_WORDS = Set.of("bpm", "bpms");

    /** A number right after one of these is an index or model, not a tempo ({@code Vol 2}, {@code Track 120}). */
    static final Set<String> NOT_TEMPO_BEFORE = Set.of(
            "vol", "volume", "v", "pt", "part", "no", "nr", "num", "number", "track", "trk", "take", "ep", "op", "opus",
            "mk", "x", "ch", "chapter", "episode", "day", "bar", "bars", "pattern", "pat", "version", "ver", "rev",
            "kit", "pack", "set", "tr", "tb", "sh", "mpc", "juno", "jupiter", "dx", "sp", "cr", "rx", "tx", "mc",
            "mono", "poly", "sample", "preset", "id", "page", "scene", "level", "lesson", "exercise", "etude",
            "song", "disc", "cd", "vst", "jp", "korg", "roland", "yamaha", "bwv");

    /** A number right before one of these is a count or unit ({@code 8 bars}, {@code 44 kHz}, {@code 90s}). */
    static final Set<String> NOT_TEMPO_AFTER = Set.of(
            "bar", "bars", "beat", "beats", "step", "steps", "khz", "hz", "k", "kbps", "bit", "bits", "ms", "sec",
            "secs", "seconds", "s", "st", "nd", "rd", "th", "x", "percent", "pct", "mb", "kb", "gb", "cents",
            "ppq", "ticks", "notes", "voices", "keys", "years", "min", "mins", "minutes", "hours", "stems", "loops",
            "files", "midi", "midis", "patterns", "presets", "kits", "samples", "sounds", "tracks");

    /** Modes we do not report: a tonic followed by one of these is no major/minor key. */
    static final Set<String> OTHER_MODES = Set.of(
            "dorian", "phrygian", "lydian", "mixolydian", "locrian", "aeolian", "ionian", "pentatonic", "blues",
            "chromatic", "harmonic", "melodic", "dim", "diminished", "aug", "augmented", "sus", "sus2", "sus4", "add");

    /** A lone note letter after one of these is a label ({@code Side A}, {@code Plan B}, {@code Part C}). */
    static final Set<String> LETTER_LABELS = Set.of(
            "side", "part", "pt", "take", "version", "ver", "var", "variation", "kit", "pack", "section", "group",
            "bank", "set", "type", "plan", "vol", "volume", "option", "mix", "pattern", "track", "grade", "class",
            "level", "scene", "verse", "chorus", "bridge", "intro", "outro", "drop", "break", "breakdown", "build",
            "hook", "sequence", "seq", "bar", "loop", "fill", "tier", "plus", "vitamin", "model", "series");

    /** Words after a lone {@code E} that make it "electric" rather than E major ({@code E Piano}, {@code E-Bass}). */
    static final Set<String> ELECTRIC = Set.of("piano", "pno", "bass", "guitar", "gtr", "drum", "drums", "kit", "organ");

    /** Filler words dropped from {@link NameMetadata#words()}. */
    static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "of", "in", "on", "for", "with", "by", "to", "an", "at", "from", "mid", "midi", "smf", "kar",
            "file", "copy", "final", "new", "bpm", "bpms", "tempo", "key", "major", "minor", "maj", "min", "sharp",
            "flat", "version", "ver", "vol", "part", "pt", "take", "no", "mix", "edit");

    private static final Map<String, Phrase[]> PHRASES_BY_FIRST = build();

    private NameDictionary() {
    }

    /** Phrases starting with {@code first}, longest first; empty when none. */
    static Phrase[] phrasesStartingWith(String first) {
        Phrase[] p = PHRASES_BY_FIRST.get(first);
        return p == null ? NONE : p;
    }

    private static final Phrase[] NONE = new Phrase[0];

    private static Map<String, Phrase[]> build() {
        Map<String, List<Phrase>> byFirst = new HashMap<>();
        add(byFirst, GENRES, true);
        add(byFirst, ROLES, false);
        Map<String, Phrase[]> out = new HashMap<>();
        byFirst.forEach((first, list) -> {
            list.sort(Comparator.comparingInt((Phrase p) -> p.tokens().length).reversed());
            out.put(first, list.toArray(Phrase[]::new));
        });
        return Map.copyOf(out);
    }

    private static void add(Map<String, List<Phrase>> byFirst, String[][] table, boolean genre) {
        for (String[] row : table) {
            for (String spelling : Arrays.copyOfRange(row, 1, row.length)) {
                String[] tokens = spelling.split(" ");
                byFirst.computeIfAbsent(tokens[0], k -> new ArrayList<>()).add(new Phrase(tokens, row[0], genre));
            }
        }
    }
}
