#!/usr/bin/env python3
"""Writes LMMS's demo projects (Debian package `lmms-common`) as Standard MIDI Files.

An LMMS project (.mmpz: a 4-byte length, then zlib-compressed XML; .mmp: the XML) holds the notes of its instrument
tracks and of its beat/bassline patterns, and one tempo (LMMS cannot change tempo within a song unless the tempo is
automated; none of these projects automates it). This script writes each project as a format-1 MIDI file at LMMS's own
resolution (48 ticks per quarter note, so no time is rounded): the head's tempo and time signature, one track per
instrument track, beat/bassline patterns repeated over the stretches the song plays them, muted tracks and patterns
left out. Steps of a beat pattern (notes without a length) last a sixteenth. Tracks that play drum samples (a sample whose name says
drum, kick, snare, hat, clap, cymbal, tom, ride, crash, rim, shaker or percussion, or LMMS's `kicker` drum synthesizer
on a track so named) go to MIDI channel 10. Audio (sample) tracks carry no notes and are left out.
Usage: lmms_projects.py OUTDIR PROJECT...; prints the name of each file written.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET
import zlib

from smf_writer import smf, track_chunk, varlen

PPQ = 48  # LMMS: 192 ticks per 4/4 bar
STEP = 12  # a beat pattern's step (a sixteenth)
DRUM_WORDS = re.compile(r'drum|kick|snare|hat|clap|cymbal|\btom|ride|crash|rim|shaker|perc|\bbd\b|\bsd\b|\bhh\b', re.I)




def is_drum(track):
    inst = track.find('instrumenttrack/instrument')
    if inst is None:
        return False
    if inst.attrib.get('name') == 'kicker':  # a drum synthesizer, but some demos play melodies on it
        return bool(DRUM_WORDS.search(track.attrib.get('name', '')))
    sample = inst.find('audiofileprocessor')
    return sample is not None and bool(DRUM_WORDS.search(sample.attrib.get('src', '')))


def pitch_shift(track, master_pitch):
    it = track.find('instrumenttrack')
    shift = 12 - (int(it.attrib.get('basenote', 57)) - 57)  # LMMS key 57 is A4 (MIDI 69) at the default base note
    return shift + (master_pitch if it.attrib.get('usemasterpitch', '1') == '1' else 0)


def pattern_notes(pattern):
    """(tick within the pattern, length, LMMS key, volume) of each note."""
    for note in pattern.findall('note'):
        length = int(float(note.attrib.get('len', 0)))
        yield int(float(note.attrib['pos'])), length if length > 0 else STEP, int(note.attrib['key']), \
            int(float(note.attrib.get('vol', 100)))


def convert(xml):
    root = ET.fromstring(xml)
    head = root.find('head')
    bpm = float(head.attrib.get('bpm', 140))
    num, den = int(head.attrib.get('timesig_numerator', 4)), int(head.attrib.get('timesig_denominator', 4))
    bar = 4 * PPQ * num // den
    master_pitch = int(head.attrib.get('masterpitch', 0))
    song = root.find('song/trackcontainer')
    tracks = []  # (name, drum, [(tick, length, pitch, velocity)])

    def add(track, notes):
        if notes:
            tracks.append((track.attrib.get('name', ''), is_drum(track), notes))

    bb_tracks = [t for t in song.findall('track') if t.attrib.get('type') == '1']
    for track in song.findall('track'):
        if track.attrib.get('type') != '0' or track.attrib.get('muted') == '1':
            continue
        shift = pitch_shift(track, master_pitch)
        add(track, [(int(p.attrib['pos']) + pos, length, key + shift, vol)
                    for p in track.findall('pattern') if p.attrib.get('muted') != '1'
                    for pos, length, key, vol in pattern_notes(p)])
    container = next((t.find('bbtrack/trackcontainer') for t in bb_tracks
                      if t.find('bbtrack/trackcontainer') is not None), None)
    if container is not None:
        beat_tracks = [t for t in container.findall('track') if t.attrib.get('type') == '0']
        lengths = {}  # beat/bassline number -> its length in ticks (whole bars, at least one)
        for t in beat_tracks:
            for p in t.findall('pattern'):
                index = int(p.attrib['pos']) // bar
                lengths[index] = max(lengths.get(index, bar), -(-int(p.attrib.get('len', bar)) // bar) * bar)
        plays = []  # (beat/bassline number, start, length) of each time the song plays one
        for index, t in enumerate(bb_tracks):
            if t.attrib.get('muted') != '1':
                plays += [(index, int(c.attrib['pos']), int(c.attrib['len'])) for c in t.findall('bbtco')
                          if c.attrib.get('muted') != '1']
        for t in beat_tracks:
            if t.attrib.get('muted') == '1':
                continue
            shift = pitch_shift(t, master_pitch)
            notes = []
            for p in t.findall('pattern'):
                index = int(p.attrib['pos']) // bar
                if p.attrib.get('muted') == '1':
                    continue
                for number, start, length in plays:
                    if number != index:
                        continue
                    for loop in range(start, start + length, lengths[index]):
                        notes += [(loop + pos, n, key + shift, vol) for pos, n, key, vol in pattern_notes(p)
                                  if pos < lengths[index] and loop + pos < start + length]
            add(t, notes)
    conductor = [(0, 0, b'\xff\x51\x03' + round(60e6 / bpm).to_bytes(3, 'big')),
                 (0, 1, b'\xff\x58\x04' + bytes([num, den.bit_length() - 1, 24, 8]))]
    chunks = [track_chunk(conductor)]
    melodic = iter([c for c in range(16) if c != 9] * 8)
    for name, drum, notes in tracks:
        channel = 9 if drum else next(melodic)
        label = name.encode('utf-8')
        events = [(0, 0, b'\xff\x03' + varlen(len(label)) + label)]
        for tick, length, pitch, vol in notes:
            if 0 <= pitch < 128:
                velocity = max(1, min(127, round(vol * 127 / 200)))  # LMMS volume 0-200, 100 the default
                events.append((tick, 2, bytes([0x90 | channel, pitch, velocity])))
                events.append((tick + length, 1, bytes([0x80 | channel, pitch, 0])))
        chunks.append(track_chunk(events))
    return smf(chunks, PPQ)


def main(outdir, projects):
    for path in projects:
        data = open(path, 'rb').read()
        xml = zlib.decompress(data[4:]) if path.endswith('.mmpz') else data
        name = re.sub(r'[^A-Za-z0-9_.-]', '_', os.path.basename(path).rsplit('.', 1)[0]) + '.mid'
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(convert(xml))
        print(name)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
