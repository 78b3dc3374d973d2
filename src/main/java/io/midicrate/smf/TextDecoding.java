package io.midicrate.smf;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Lenient decoding of meta-event text: UTF-8 when the bytes are valid UTF-8, else windows-1252; controls stripped. */
final class TextDecoding {
    private static final Charset SINGLE_BYTE = Charset.forName("windows-1252");

    private TextDecoding() {
    }

    static String decode(byte[] d, int off, int len, int maxChars) {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (d[i] < 0) {
                ascii = false;
                break;
            }
        }
        String raw;
        if (ascii) {
            raw = new String(d, off, len, StandardCharsets.ISO_8859_1);
        } else if (validUtf8(d, off, len)) {
            raw = new String(d, off, len, StandardCharsets.UTF_8);
        } else {
            raw = new String(d, off, len, SINGLE_BYTE);
        }
        return clean(raw, maxChars);
    }

    /** Drops C0/C1 controls and DEL (tabs and newlines become spaces), collapses nothing else, trims. */
    static String clean(String s, int maxChars) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
            if (control && sb == null) {
                sb = new StringBuilder(s.length());
                sb.append(s, 0, i);
            }
            if (sb != null) {
                if (!control) {
                    sb.append(c);
                } else if (c == '\t' || c == '\n' || c == '\r') {
                    sb.append(' ');
                }
            }
        }
        String out = (sb == null ? s : sb.toString()).strip();
        return out.length() > maxChars ? out.substring(0, maxChars) : out;
    }

    static boolean validUtf8(byte[] d, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int b = d[i] & 0xFF;
            int more;
            int min;
            if (b < 0x80) {
                i++;
                continue;
            } else if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + more >= end) {
                return false; // sequence cut by the end of the event
            }
            int cp = b & (0x3F >> more);
            for (int k = 1; k <= more; k++) {
                int c = d[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += more + 1;
        }
        return true;
    }
}
