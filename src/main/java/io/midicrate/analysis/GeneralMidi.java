package io.midicrate.analysis;

/** General MIDI program names and families, GM2 drum kit names, and GM percussion keys grouped by kit piece. */
public final class GeneralMidi {

    private GeneralMidi() {
    }

    private static final String[] PROGRAMS = {
        "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
        "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
        "Celesta", "Glockenspiel", "Music Box", "Vibraphone", "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
        "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ", "Reed Organ", "Accordion", "Harmonica",
        "Tango Accordion",
        "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
        "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
        "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass", "Slap Bass 1",
        "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
        "Violin", "Viola", "Cello", "Contrabass", "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
        "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2", "Choir Aahs", "Voice Oohs",
        "Synth Voice", "Orchestra Hit",
        "Trumpet", "Trombone", "Tuba", "Muted Trumpet", "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
        "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax", "Oboe", "English Horn", "Bassoon", "Clarinet",
        "Piccolo", "Flute", "Recorder", "Pan Flute", "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
        "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)", "Lead 5 (charang)",
        "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
        "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)", "Pad 5 (bowed)", "Pad 6 (metallic)",
        "Pad 7 (halo)", "Pad 8 (sweep)",
        "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)", "FX 5 (brightness)",
        "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
        "Sitar", "Banjo", "Shamisen", "Koto", "Kalimba", "Bagpipe", "Fiddle", "Shanai",
        "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock", "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
        "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet", "Telephone Ring", "Helicopter", "Applause",
        "Gunshot"
    };

    private static final String[] FAMILIES = {
        "Piano", "Chromatic Percussion", "Organ", "Guitar", "Bass", "Strings", "Ensemble", "Brass",
        "Reed", "Pipe", "Synth Lead", "Synth Pad", "Synth Effects", "Ethnic", "Percussive", "Sound Effects"
    };

    /** The family reported for channel-10 drum kits, never "Piano". */
    public static final String DRUM_FAMILY = "Drums";

    public static String programName(int program) {
        return PROGRAMS[program & 0x7F];
    }

    public static String family(int program) {
        return FAMILIES[(program & 0x7F) >> 3];
    }

    /** GM2 drum kit names by program on the drum channel. */
    public static String drumKitName(int program) {
        return switch (program) {
            case 0 -> "Standard Kit";
            case 8 -> "Room Kit";
            case 16 -> "Power Kit";
            case 24 -> "Electronic Kit";
            case 25 -> "Analog Kit";
            case 32 -> "Jazz Kit";
            case 40 -> "Brush Kit";
            case 48 -> "Orchestra Kit";
            case 56 -> "SFX Kit";
            default -> "Drum Kit " + program;
        };
    }

    /** Kit-piece groups for drum hits. */
    public enum KitPiece { KICK, SNARE, HI_HAT, CYMBAL, TOM, OTHER }

    private static final KitPiece[] PIECES = new KitPiece[128];

    static {
        java.util.Arrays.fill(PIECES, KitPiece.OTHER);
        for (int k : new int[] {35, 36}) {
            PIECES[k] = KitPiece.KICK;
        }
        for (int k : new int[] {37, 38, 40}) { // side stick, acoustic and electric snare
            PIECES[k] = KitPiece.SNARE;
        }
        for (int k : new int[] {42, 44, 46}) {
            PIECES[k] = KitPiece.HI_HAT;
        }
        for (int k : new int[] {49, 51, 52, 53, 55, 57, 59}) {
            PIECES[k] = KitPiece.CYMBAL;
        }
        for (int k : new int[] {41, 43, 45, 47, 48, 50}) {
            PIECES[k] = KitPiece.TOM;
        }
    }

    public static KitPiece kitPiece(int key) {
        return PIECES[key & 0x7F];
    }
}
