#!/usr/bin/env python3
"""Renders chosen ABC tunes from Debian's ABC example files as MIDI files with abc2midi (Debian package `abcmidi`).

The tunes are the complete tunes of real music among the examples, in a major or minor key: not the notation feature
demos, not modal tunes (a Dorian or Mixolydian tune has no major or minor key to label), not songs still under
copyright. The key each tune's K: field
states is printed as the file's annotated key. abc2midi writes a tempo even when the tune states none (Q:); such a
tempo is abc2midi's default, not the tune's, so the script removes it and the file then carries no tempo label.
Usage: abc_tunes.py ABC2MIDI OUTDIR FILE:X:NAME...; prints one line per file written: name, title, key. build.sh lists
the tunes: from abcmidi, eleven traditional tunes (Irish, English, klezmer); from abcm2ps, two French dance tunes (the
other abcm2ps examples are feature demos, excerpts that abc2midi renders only in part, or songs under copyright:
"Yesterday", "Song for a Guy", "Green Island Serenade").
"""
import re
import struct
import subprocess
import sys

from smf_writer import smf, track_chunk

MODES = {'': 'major', 'maj': 'major', 'm': 'minor', 'min': 'minor'}


def tune(path, number):
    text = open(path, encoding='utf-8', errors='replace').read()
    for block in re.split(r'\n(?=X:)', '\n' + text):
        if re.match(r'X:\s*%d\s*$' % number, block.strip().split('\n')[0]):
            return block
    raise SystemExit('no tune X:%d in %s' % (number, path))


def stated_key(block):
    tonic, mode = re.match(r'([A-G][#b]?)(maj|min|m)?\b', re.search(r'^K:\s*(\S+)', block, re.M).group(1)).groups()
    return '%s %s' % (tonic, MODES[(mode or '').lower()])


def read_varlen(data, i):
    """The variable-length quantity at data[i] and the index after it."""
    value = 0
    while True:
        b = data[i]
        i += 1
        value = (value << 7) | (b & 0x7F)
        if b < 0x80:
            return value, i


def without_tempo(data):
    """The file with its tempo events taken out (their delta times passed on to the next event)."""
    _, fmt, ntracks, division = struct.unpack('>IHHH', data[4:14])
    pos, chunks = 14, []
    for _ in range(ntracks):
        length = struct.unpack('>I', data[pos + 4:pos + 8])[0]
        body, pos = data[pos + 8:pos + 8 + length], pos + 8 + length
        events, i, tick, status = [], 0, 0, 0
        while i < len(body):
            delta, i = read_varlen(body, i)
            tick += delta
            start = i
            if body[i] == 0xFF or body[i] in (0xF0, 0xF7):
                meta = body[i] == 0xFF
                i += 2 if meta else 1
                size, i = read_varlen(body, i)
                i += size
                if meta and body[start + 1] in (0x51, 0x2F):  # tempo; end of track (track_chunk adds its own)
                    continue
            else:
                if body[i] & 0x80:
                    status = body[i]
                    i += 1
                i += 1 if status >> 4 in (0xC, 0xD) else 2
                events.append((tick, len(events), bytes([status]) + body[start + (1 if body[start] & 0x80 else 0):i]))
                continue
            events.append((tick, len(events), body[start:i]))
        chunks.append(track_chunk(events))
    assert fmt == 1 or ntracks == 1
    return smf(chunks, division) if fmt == 1 else b'MThd' + struct.pack('>IHHH', 6, 0, 1, division) + chunks[0]


def main(abc2midi, outdir, specs):
    for spec in specs:
        path, number, name = spec.rsplit(':', 2)
        block = tune(path, int(number))
        out = '%s/%s' % (outdir, name)
        subprocess.run([abc2midi, path, number, '-o', out], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if not re.search(r'^Q:', block, re.M):
            data = open(out, 'rb').read()
            open(out, 'wb').write(without_tempo(data))
        title = re.search(r'^T:\s*(.*)', block, re.M).group(1).strip()
        print('\t'.join([name, title, stated_key(block)]))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
