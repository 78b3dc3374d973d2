"""The few Standard MIDI File pieces that rosegarden_examples.py and lmms_projects.py write with."""
import struct


def varlen(n):
    """A MIDI variable-length quantity."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def track_chunk(events):
    """events: (tick, order at equal ticks, event bytes) -> an MTrk chunk in time order, end-of-track appended."""
    body, last = bytearray(), 0
    for tick, _, data in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        body += varlen(tick - last) + data
        last = tick
    body += varlen(0) + b'\xff\x2f\x00'
    return b'MTrk' + struct.pack('>I', len(body)) + bytes(body)


def smf(chunks, ppq):
    """A format-1 file of the given track chunks."""
    return b'MThd' + struct.pack('>IHHH', 6, 1, len(chunks), ppq) + b''.join(chunks)
