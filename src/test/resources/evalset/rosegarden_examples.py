#!/usr/bin/env python3
"""Writes the example compositions that Rosegarden compiles into its binary as Standard MIDI Files.

Rosegarden (Debian package `rosegarden`) ships its example songs as gzip-compressed Rosegarden XML inside the program's
Qt resources, not as files. This script finds each gzip stream in the binary that is a Rosegarden document, keeps the
ones named in EXAMPLES (by title and composer, so that templates, device files and feature tests are left out), and
writes each as a format-1 MIDI file, 960 ticks per quarter note (Rosegarden's own resolution, so no time is rounded):
one track per Rosegarden segment, the composition's tempo map and time signatures, and the key signatures the
segments state. The notes are the ones Rosegarden would play: tied notes joined, a segment's transpose applied, muted
tracks and ornament (triggered) segments left out. Usage: rosegarden_examples.py ROSEGARDEN_BINARY OUTDIR; prints one
line per file written: name, title, composer, copyright, the key its title states (or nothing).
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

from smf_writer import smf, track_chunk, varlen

# (title as stored, composer prefix) -> file name; compositions of real music only (not Ravel's Concerto en sol, 1931,
# whose music may still be under copyright in some countries). Chopin's prelude states its key
# only in its title (the score has no key signature), so the script prints it as the file's annotated key
EXAMPLES = {
    ('Excerpt from Concerto in D minor BWV 1060', 'J. S. Bach'): 'bwv-1060-trumpet-duet-excerpt.mid',
    ('Perfect Moment', 'D. Michael McIntyre'): 'perfect-moment.mid',
    ('Quartet', 'W. A. Mozart'): 'mozart-quartet.mid',
    ('Halleluja Chorus from Messiah', 'Handel'): 'hallelujah-chorus.mid',
    ('Romanza', 'An'): 'romanza.mid',
    ('Prelude in E-Minor', 'Frederick Chopin'): 'chopin-prelude-e-minor.mid',
    ('Djer Fire', 'Steve Conrad'): 'djer-fire.mid',
    ('Chant du M\u00e9n\u00e9strel', 'Alexandre Glazunov'): 'glazunov.mid',
    ('Stormy Riders', 'Steve Conrad'): 'stormy-riders.mid',
    ('Concerto for Flautino', 'Antonio Vivaldi'): 'vivaldi-flautino.mid',
    ('The Rose Garden', 'D. Michael McIntyre'): 'the-rose-garden.mid',
    ('Bogus Surf Jam', 'Steve Conrad'): 'bogus-surf-jam.mid',
    ('Ave Verum Corpus', 'W.A.Mozart'): 'aveverum.mid',
    ('Ay, linda amiga', 'Anonimo'): 'aylindaamiga.mid',
    ('Mandolin Sonatina', 'L. von Beethoven'): 'mandolin-sonatina.mid',
    ('Brandenburg Concerto No. 3', 'J. S. Bach'): 'brandenburg-no3.mid',
    ('Himno de Riego', 'Evaristo San Miguel'): 'himno-de-riego.mid',
}
PPQ = 960
MAJOR_FIFTHS = {'C': 0, 'G': 1, 'D': 2, 'A': 3, 'E': 4, 'B': 5, 'F#': 6, 'C#': 7,
                'F': -1, 'Bb': -2, 'Eb': -3, 'Ab': -4, 'Db': -5, 'Gb': -6, 'Cb': -7}
MINOR_FIFTHS = {'A': 0, 'E': 1, 'B': 2, 'F#': 3, 'C#': 4, 'G#': 5, 'D#': 6, 'A#': 7,
                'D': -1, 'G': -2, 'C': -3, 'F': -4, 'Bb': -5, 'Eb': -6, 'Ab': -7}


def documents(binary):
    """Every gzip stream in the binary that inflates to a Rosegarden document."""
    data = open(binary, 'rb').read()
    for match in re.finditer(b'\x1f\x8b\x08', data):
        try:
            text = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[match.start():match.start() + 8_000_000])
        except zlib.error:
            continue
        if b'<rosegarden-data' in text[:4000]:
            yield text


def properties(element):
    out = {}
    for p in element.findall('property'):
        for kind in ('int', 'string', 'bool', 'value'):
            if kind in p.attrib:
                out[p.attrib['name']] = p.attrib[kind]
    return out


def segment_events(segment):
    """(time, event element) for each event of a segment, timed as Rosegarden's XML reader does: an event starts
    where the previous one ended unless it carries absoluteTime (or timeOffset from there); a chord's events all start
    together and the chord lasts as long as its shortest sounding member."""
    now = int(segment.attrib.get('start', 0))
    out = []

    def walk(parent):
        nonlocal now
        for child in parent:
            if child.tag == 'event':
                now = place(child, now)
                out.append((now, child))
                now += int(child.attrib.get('duration', 0))
            elif child.tag == 'chord':
                start, shortest = now, 0
                for event in child.iter('event'):
                    start = place(event, start)
                    out.append((start, event))
                    d = int(event.attrib.get('duration', 0))
                    if d and (shortest == 0 or d < shortest):
                        shortest = d
                now = start + shortest
            elif child.tag in ('group', 'resync'):
                walk(child)

    def place(event, t):
        if 'absoluteTime' in event.attrib:
            t = int(event.attrib['absoluteTime'])
        return t + int(event.attrib.get('timeOffset', 0))

    walk(segment)
    return out




def convert(text):
    root = ET.fromstring(text)
    comp = root.find('composition')
    channels, programs = {}, {}
    for inst in root.iter('instrument'):
        if inst.attrib.get('type') == 'midi':
            channels[inst.attrib['id']] = int(inst.attrib['channel'])
            program = inst.find('program')
            if program is not None:
                programs[inst.attrib['id']] = int(program.attrib.get('id', 0))
    tracks = {t.attrib['id']: t for t in comp.findall('track')}
    segments = [s for s in root.findall('segment')
                if s.attrib.get('type', 'internal') == 'internal' and 'triggerid' not in s.attrib]
    # events may start before bar 1 (an upbeat written at negative time): shift everything to start at tick 0
    timed = [(s, segment_events(s)) for s in segments]
    origin = min([0] + [t for _, evs in timed for t, _ in evs]
                 + [int(x.attrib['time']) for x in comp.findall('tempo') + comp.findall('timesignature')])
    conductor = []
    for tempo in comp.findall('tempo'):
        qpm = int(tempo.attrib['tempo']) / 100000.0 if 'tempo' in tempo.attrib else int(tempo.attrib['bph']) / 60.0
        conductor.append((int(tempo.attrib['time']) - origin, 0, b'\xff\x51\x03' + round(60e6 / qpm).to_bytes(3, 'big')))
    for sig in comp.findall('timesignature'):
        num, den = int(sig.attrib.get('numerator', 4)), int(sig.attrib.get('denominator', 4))
        conductor.append((int(sig.attrib['time']) - origin, 1,
                          b'\xff\x58\x04' + bytes([num, den.bit_length() - 1, 24, 8])))
    chunks, keys = [], set()
    for segment, events in timed:
        track = tracks.get(segment.attrib['track'])
        if track is None or track.attrib.get('muted') == 'true':
            continue
        instrument = track.attrib.get('instrument')
        channel = channels.get(instrument, 0)
        transpose = int(segment.attrib.get('transpose', 0))
        out = [(0, 0, b'\xff\x03' + varlen(len(segment.attrib.get('label', '').encode()))
                + segment.attrib.get('label', '').encode())]
        if instrument in programs:
            out.append((0, 1, bytes([0xC0 | channel, programs[instrument]])))
        notes = []  # [start, end, pitch, velocity, tied forward]
        for time, event in events:
            props = properties(event)
            kind = event.attrib.get('type')
            if kind == 'keychange' and transpose == 0:
                tonic, mode = props['key'].split(' ', 1)
                fifths = (MAJOR_FIFTHS if mode == 'major' else MINOR_FIFTHS)[tonic]
                keys.add((time - origin, fifths, mode))
            elif kind == 'note' and 'pitch' in props:
                start, end = time - origin, time - origin + int(event.attrib.get('duration', 0))
                pitch = int(props['pitch']) + transpose
                tied = next((n for n in reversed(notes) if n[4] and n[2] == pitch and n[1] == start), None)
                if tied is not None:  # a tie continues the earlier note rather than striking again
                    tied[1], tied[4] = end, props.get('tiedforward') == 'true'
                elif end > start and 0 <= pitch < 128:
                    notes.append([start, end, pitch, int(props.get('velocity', 100)) or 100,
                                  props.get('tiedforward') == 'true'])
        for start, end, pitch, velocity, _ in notes:
            out.append((start, 3, bytes([0x90 | channel, pitch, min(velocity, 127)])))
            out.append((end, 2, bytes([0x80 | channel, pitch, 0])))
        if notes:
            chunks.append(track_chunk(out))
    for time, fifths, mode in sorted(keys):
        conductor.append((time, 2, b'\xff\x59\x02' + struct.pack('>bB', fifths, 1 if mode == 'minor' else 0)))
    chunks.insert(0, track_chunk(conductor))
    return smf(chunks, PPQ)


def main(binary, outdir):
    written = set()
    for text in documents(binary):
        root = ET.fromstring(text)
        meta = {}
        for m in root.iter('metadata'):
            meta.update({p.attrib['name']: p.attrib.get('value', '') for p in m.iter('property')})
        title, composer = meta.get('title', ''), meta.get('composer', '')
        name = next((n for (t, c), n in EXAMPLES.items() if title == t and composer.startswith(c)), None)
        if name is None or name in written:  # Glazunov's piece is there twice (with and without a cue staff)
            continue
        written.add(name)
        with open('%s/%s' % (outdir, name), 'wb') as f:
            f.write(convert(text))
        stated = 'E minor' if name == 'chopin-prelude-e-minor.mid' else ''
        print('\t'.join([name, title, composer, meta.get('copyright', ''), stated]))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
