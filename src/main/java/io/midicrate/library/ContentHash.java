package io.midicrate.library;

import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The library's content hash: BLAKE3-256 of a file's bytes, the key of a {@code content} row. The one place that
 * computes it (import, analyze's re-check, bench, and any later check before a file is moved).
 * Bouncy Castle's digest, reused between files: it allocates nothing per block, which makes it about twice as fast as
 * commons-codec's BLAKE3 here (README, performance). Not thread-safe: one instance per thread or partition.
 */
public final class ContentHash {

    public static final int BYTES = 32;

    private final Blake3Digest digest = new Blake3Digest(BYTES * 8);

    /** BLAKE3-256 of {@code bytes[offset, offset + length)}. */
    public byte[] of(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
        byte[] out = new byte[BYTES];
        digest.doFinal(out, 0); // also resets the digest for the next file
        return out;
    }

    public byte[] of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }
}
