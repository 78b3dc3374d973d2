#!/usr/bin/env python3
"""Writes the harmony evaluation set: .mma songs of known progressions, rendered to MIDI by Debian's mma, with
per-chord labels (Harte syntax, seconds) and the key. Deterministic (fixed seed). Run from this directory:

    python3 generate.py            # needs /usr/bin/mma; rewrites dev/ and test/ and labels

The split (split.tsv) is by progression family and by groove, fixed before any tuning: a file is made only from a
family and a groove of the same part.
"""
import os
import random
import shutil
import subprocess

ROOTS = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
MAJOR = [0, 2, 4, 5, 7, 9, 11]
MINOR = [0, 2, 3, 5, 7, 8, 10]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]

# quality: (mma suffix, our suffix, Harte quality, intervals)
QUALITY = {
    "maj": ("", "", "maj", [0, 4, 7]),
    "min": ("m", "m", "min", [0, 3, 7]),
    "dim": ("mb5", "dim", "dim", [0, 3, 6]),
    "aug": ("aug", "aug", "aug", [0, 4, 8]),
    "sus2": ("sus2", "sus2", "sus2", [0, 2, 7]),
    "sus4": ("sus4", "sus4", "sus4", [0, 5, 7]),
    "6": ("6", "6", "maj6", [0, 4, 7, 9]),
    "m6": ("m6", "m6", "min6", [0, 3, 7, 9]),
    "7": ("7", "7", "7", [0, 4, 7, 10]),
    "maj7": ("M7", "maj7", "maj7", [0, 4, 7, 11]),
    "m7": ("m7", "m7", "min7", [0, 3, 7, 10]),
    "m7b5": ("m7b5", "m7b5", "hdim7", [0, 3, 6, 10]),
    "dim7": ("dim7", "dim7", "dim7", [0, 3, 6, 9]),
}
# Harte bass degree of an interval above the root
DEGREE = {2: "2", 3: "b3", 4: "3", 5: "4", 6: "b5", 7: "5", 8: "#5", 9: "6", 10: "b7", 11: "7"}


def numeral(text, minor):
    """'bVII', 'viio7', 'V7/3' (the /3 is the chord's third in the bass: first inversion) -> (offset, quality, bass interval)."""
    bass = None
    if "/" in text:
        text, b = text.split("/")
        bass = {"3": None, "5": 7, "7": None}.get(b, None)
        bass = b
    i = 0
    acc = 0
    while text[i] in "b#":
        acc += -1 if text[i] == "b" else 1
        i += 1
    j = i
    while j < len(text) and text[j] in "IViv":
        j += 1
    roman, suffix = text[i:j], text[j:]
    degree = [r.lower() for r in ROMAN].index(roman.lower())
    lower = roman[0].islower()
    quality = {
        "": "min" if lower else "maj", "o": "dim", "+": "aug", "sus2": "sus2", "sus4": "sus4",
        "6": "m6" if lower else "6", "7": "m7" if lower else "7", "maj7": "maj7", "h7": "m7b5", "o7": "dim7",
    }[suffix]
    base = 11 if degree == 6 and quality in ("dim", "dim7", "m7b5") else (MINOR if minor else MAJOR)[degree]
    offset = (base + acc) % 12
    intervals = QUALITY[quality][3]
    bass_interval = 0
    if bass is not None:
        bass_interval = intervals[{"3": 1, "5": 2, "7": 3}[bass]]
    return offset, quality, bass_interval


# families: name -> (category, mode, bars); a bar is chords separated by spaces (1, 2 or 4 per 4/4 bar)
FAMILIES = {
    "pop-axis": ("pop", "major", ["I", "V", "vi", "IV"]),
    "pop-fifties": ("pop", "major", ["I", "vi", "IV", "V"]),
    "pop-canon": ("pop", "major", ["I V", "vi iii", "IV I", "IV V"]),
    "pop-plagal": ("pop", "major", ["I", "IV", "I", "V", "IV", "I"]),
    "pop-sensitive": ("pop", "major", ["vi IV", "I V"]),
    "pop-quick": ("pop", "major", ["I V vi IV", "I V IV V"]),
    "jazz-ii-v-i": ("jazz", "major", ["ii7", "V7", "Imaj7", "Imaj7"]),
    "jazz-turnaround": ("jazz", "major", ["Imaj7 vi7", "ii7 V7"]),
    "jazz-minor-ii-v": ("jazz", "minor", ["iih7", "V7", "i6", "i6"]),
    "jazz-long": ("jazz", "major", ["Imaj7", "IVmaj7", "iii7 vi7", "ii7 V7"]),
    "jazz-secondary": ("jazz", "major", ["Imaj7", "VI7", "ii7", "V7"]),
    "jazz-minor-circle": ("jazz", "minor", ["i7", "iv7", "VII7", "IIImaj7", "VImaj7", "iih7", "V7", "i7"]),
    "modal-dorian": ("modal", "minor", ["i7", "IV7"]),
    "modal-mixolydian": ("modal", "major", ["I", "bVII", "IV", "I"]),
    "modal-aeolian": ("modal", "minor", ["i", "VII", "VI", "VII"]),
    "modal-lydian": ("modal", "major", ["I", "II", "I", "II"]),
    "minor-cadence": ("minor", "minor", ["i", "iv", "V", "i"]),
    "minor-rotation": ("minor", "minor", ["i", "VI", "III", "VII"]),
    "minor-andalusian": ("minor", "minor", ["i", "VII", "VI", "V"]),
    "minor-leading-tone": ("minor", "minor", ["i", "viio7", "i", "V7"]),
    "minor-epic": ("minor", "minor", ["i", "VI", "VII", "i", "iv", "VI", "V", "V"]),
    "minor-half": ("minor", "minor", ["i iv", "V i"]),
    "blues-twelve": ("blues", "major", ["I7", "I7", "I7", "I7", "IV7", "IV7", "I7", "I7", "V7", "IV7", "I7", "V7"]),
    "blues-minor": ("blues", "minor", ["i7", "i7", "i7", "i7", "iv7", "iv7", "i7", "i7", "VI7", "V7", "i7", "V7"]),
    "blues-quick-four": ("blues", "major", ["I7 IV7", "I7", "IV7", "I7", "V7 IV7", "I7 V7"]),
    "qual-sus": ("qualities", "major", ["I", "Isus4", "I", "Isus2", "IV", "IVsus2", "Vsus4", "V"]),
    "qual-aug-six": ("qualities", "major", ["I", "I+", "I6", "I7", "IV", "iv6", "I", "V7"]),
    "qual-dim": ("qualities", "major", ["I", "#io7", "ii7", "V7", "I", "viio", "iii7", "vi7"]),
    "qual-hdim": ("qualities", "major", ["viih7", "iii7", "vi7", "ii7", "V7", "Imaj7", "IV6", "iv6"]),
    "qual-minor-colours": ("qualities", "minor", ["i", "iio", "i6", "V+", "i7", "iv6", "viio", "i"]),
    "inv-bassline": ("inversions", "major", ["I", "V/3", "vi", "I/5", "IV", "I/3", "ii7", "V7"]),
    "inv-pachelbel": ("inversions", "major", ["I V/3", "vi iii/5", "IV I/3", "IV V"]),
    "inv-minor": ("inversions", "minor", ["i", "V/3", "i/3", "iv", "VI", "iv/3", "V7", "i"]),
    "inv-sevenths": ("inversions", "major", ["Imaj7", "V7/3", "vi7", "IV/3", "ii7/7", "V7/5", "I", "V7"]),
}

# groove -> beats per bar
# (mma's groove names, from /usr/share/mma/lib/stdlib)
GROOVES_DEV = {"8BeatSus": 4, "Ballad": 4, "BossaNova": 4, "SwingWalk": 4, "Folk": 4, "R&B": 4, "SoftRock1": 4,
               "JazzCombo": 4, "GuitarBallad": 4, "CountrySwing": 4, "Waltz": 3, "JazzWaltz": 3}
GROOVES_TEST = {"50sRock": 4, "Beguine": 4, "SlowJazzWalk": 4, "PianoBallad": 4, "RockBallad": 4, "EasySwing": 4,
                "FolkRockPlus": 4, "LFusion": 4, "Arpeggio8": 4, "PopBallad": 4, "CountryWaltz": 3, "RockWaltz1": 3}
GROOVES_PER_FAMILY = 5
MIN_BARS = 16


def split_families():
    """Within each category, families alternate dev/test in name order (so both parts hold every category)."""
    parts = {}
    by_category = {}
    for name, (category, _, _) in FAMILIES.items():
        by_category.setdefault(category, []).append(name)
    for names in by_category.values():
        for i, name in enumerate(sorted(names)):
            parts[name] = "dev" if i % 2 == 0 else "test"
    return parts


def harte(root, quality, bass_interval):
    label = ROOTS[root] + ":" + QUALITY[quality][2]
    return label + ("/" + DEGREE[bass_interval] if bass_interval else "")


def name(root, quality, bass_interval):
    text = ROOTS[root] + QUALITY[quality][1]
    return text + ("/" + ROOTS[(root + bass_interval) % 12] if bass_interval else "")


def mma_chord(root, quality, bass_interval):
    text = ROOTS[root] + QUALITY[quality][0]
    return text + ("/" + ROOTS[(root + bass_interval) % 12] if bass_interval else "")


def main():
    rng = random.Random(34)
    here = os.path.dirname(os.path.abspath(__file__))
    parts = split_families()
    with open(os.path.join(here, "split.tsv"), "w") as f:
        f.write("# kind\tname\tpart (fixed before any tuning: a file is made from a family and a groove of one part)\n")
        for fam in sorted(FAMILIES):
            f.write(f"family\t{fam}\t{parts[fam]}\n")
        for g in sorted(GROOVES_DEV):
            f.write(f"groove\t{g}\tdev\n")
        for g in sorted(GROOVES_TEST):
            f.write(f"groove\t{g}\ttest\n")
    keys_lines = ["# file\tkey\tfamily\tcategory\tgroove\tpart\n"]
    for part in ("dev", "test"):
        shutil.rmtree(os.path.join(here, part), ignore_errors=True)
        os.makedirs(os.path.join(here, part))
    for fam in sorted(FAMILIES):
        category, mode, bars = FAMILIES[fam]
        minor = mode == "minor"
        part = parts[fam]
        grooves = GROOVES_DEV if part == "dev" else GROOVES_TEST
        eligible = [g for g in sorted(grooves) if grooves[g] == 4 or all(len(b.split()) == 1 for b in bars)]
        chosen = rng.sample(eligible, min(GROOVES_PER_FAMILY, len(eligible)))
        for groove in chosen:
            per_bar = grooves[groove]
            tonic = rng.randrange(12)
            tempo = rng.choice([80, 90, 100, 110, 120, 132, 140])
            repeats = max(2, -(-MIN_BARS // len(bars)))
            key = ROOTS[tonic] + (" minor" if minor else " major")
            stem = f"{fam}_{groove.lower().replace('&', 'n')}_{ROOTS[tonic].replace('#', 's')}{'m' if minor else ''}"
            lines = [f"// {fam} ({category}) in {key}, groove {groove}: generated by generate.py",
                     f"Tempo {tempo}", f"Groove {groove}"]
            labels = []
            bar_no = 0
            seconds_per_beat = 60.0 / tempo
            for _ in range(repeats):
                for bar in bars:
                    chords = [numeral(t, minor) for t in bar.split()]
                    slots = per_bar // len(chords)
                    tokens = []
                    for c, (offset, quality, bass) in enumerate(chords):
                        root = (tonic + offset) % 12
                        tokens.append(mma_chord(root, quality, bass))
                        tokens.extend(["/"] * (slots - 1))
                        start = (bar_no * per_bar + c * slots) * seconds_per_beat
                        end = (bar_no * per_bar + (c + 1) * slots) * seconds_per_beat
                        labels.append((start, end, harte(root, quality, bass), name(root, quality, bass)))
                    bar_no += 1
                    lines.append(f"{bar_no} " + " ".join(tokens))
            src = os.path.join(here, part, stem + ".mma")
            with open(src, "w") as f:
                f.write("\n".join(lines) + "\n")
            subprocess.run(["mma", "-w", src, "-f", os.path.join(here, part, stem + ".mid")], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(os.path.join(here, part, stem + ".lab"), "w") as f:
                for start, end, h, n in labels:
                    f.write(f"{start:.6f}\t{end:.6f}\t{h}\t{n}\n")
            keys_lines.append(f"{part}/{stem}.mid\t{key}\t{fam}\t{category}\t{groove}\t{part}\n")
    with open(os.path.join(here, "keys.tsv"), "w") as f:
        f.writelines(keys_lines)


if __name__ == "__main__":
    main()
