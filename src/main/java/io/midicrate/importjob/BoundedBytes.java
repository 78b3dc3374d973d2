package io.midicrate.importjob;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads streams whose length is not to be trusted, never holding more than a stated bound. */
final class BoundedBytes {

    private BoundedBytes() {
    }

    static final class TooLargeException extends IOException {
        TooLargeException(long bound) {
            super("more than " + bound + " bytes");
        }
    }

    /** All of {@code in}, or {@link TooLargeException} as soon as it passes {@code bound} bytes. */
    static byte[] readAll(InputStream in, long bound) throws IOException {
        byte[] buffer = new byte[(int) Math.min(bound + 1, 64 * 1024)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > bound) {
                    throw new TooLargeException(bound);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(bound + 1, (long) buffer.length * 2));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        if (length > bound) {
            throw new TooLargeException(bound);
        }
        return Arrays.copyOf(buffer, length);
    }
}
