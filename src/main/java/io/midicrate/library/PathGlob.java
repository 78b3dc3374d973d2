package io.midicrate.library;

/** Path globs as operators write them: {@code *} and {@code ?} stay within a folder, {@code **} crosses folders. */
public final class PathGlob {

    private PathGlob() {
    }

    public static boolean isGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    /**
     * A glob as an anchored PostgreSQL regex: ** crosses folders, * and ? do not; [..] is a character class; a relative
     * glob matches the end of the path.
     *
     * @throws IllegalArgumentException on an unclosed [
     */
    public static String regex(String glob) {
        StringBuilder re = new StringBuilder(glob.startsWith("/") ? "^" : "(^|/)");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in " + glob);
                }
                re.append('[').append(glob, i + 1, end).append(']');
                i = end;
            } else if ("\\.^$+(){}|".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return re.append('$').toString();
    }
}
