package io.midicrate.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;

import io.midicrate.corpus.Corpus;

class ContentHashTest {

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void matchesPublishedBlake3Vectors() {
        ContentHash hash = new ContentHash();
        // the BLAKE3 specification's vectors (test_vectors.json: input byte i is i % 251) and the well-known "abc"
        assertThat(hex(hash.of(new byte[0])))
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        assertThat(hex(hash.of(new byte[] {0})))
                .isEqualTo("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
        assertThat(hex(hash.of("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    @Test
    void agreesWithAnIndependentImplementationAcrossChunkBoundariesAndWhenReused() {
        ContentHash hash = new ContentHash(); // one instance for every input: reuse must not leak state
        SplittableRandom random = new SplittableRandom(42);
        int[] lengths = {1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 3072, 4096, 4097, 8193, 31744, 102_400, 1 << 20};
        for (int length : lengths) {
            byte[] data = new byte[length + 7];
            random.nextBytes(data);
            // an offset into a larger buffer, as the readers hand it over
            byte[] expected = Blake3.initHash().update(data, 3, length).doFinalize(32);
            assertThat(hash.of(data, 3, length)).as("length %d", length).isEqualTo(expected);
        }
        for (Corpus.Entry e : Corpus.entries()) {
            assertThat(hash.of(e.bytes())).as(e.path()).isEqualTo(Blake3.hash(e.bytes()));
        }
    }
}
