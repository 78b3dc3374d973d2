package io.midicrate.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array reused across files, so generating 100k files allocates almost nothing. */
final class ByteBuf {

    byte[] data;
    int size;

    ByteBuf(int capacity) {
        data = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
        }
    }

    void put(int b) {
        ensure(1);
        data[size++] = (byte) b;
    }

    void put(int a, int b, int c) {
        ensure(3);
        data[size++] = (byte) a;
        data[size++] = (byte) b;
        data[size++] = (byte) c;
    }

    void putU16(int v) {
        put(v >>> 8);
        put(v);
    }

    void putU32(int v) {
        putU16(v >>> 16);
        putU16(v);
    }

    void setU32(int at, int v) {
        data[at] = (byte) (v >>> 24);
        data[at + 1] = (byte) (v >>> 16);
        data[at + 2] = (byte) (v >>> 8);
        data[at + 3] = (byte) v;
    }

    void putAscii(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        ensure(b.length);
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
    }

    /** MIDI variable-length quantity: 7 bits per byte, high bit set on all but the last. */
    void putVlq(int v) {
        if (v >= 1 << 21) {
            put(0x80 | (v >>> 21) & 0x7F);
        }
        if (v >= 1 << 14) {
            put(0x80 | (v >>> 14) & 0x7F);
        }
        if (v >= 1 << 7) {
            put(0x80 | (v >>> 7) & 0x7F);
        }
        put(v & 0x7F);
    }
}
