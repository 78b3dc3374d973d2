package io.midicrate.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.midicrate.common.OperatorException;
import io.midicrate.store.library.ExportSources.Source;

/**
 * An export path template such as {@code {key}/{bpm}/{name}}: folders separated by {@code /}, fields in braces, the
 * file's extension added by the export. Every value is made safe for every common file system (no separators, no
 * characters Windows forbids, no reserved device names, no trailing dots or spaces, at most 120 bytes per name).
 */
public final class Layout {

    public static final String DEFAULT = "{key}/{bpm}/{name}";
    /** A crate's layout: its files in one folder, numbered in its order. */
    public static final String NUMBERED = "{n} {name}";
    static final Set<String> FIELDS = Set.of("key", "bpm", "meter", "pack", "role", "genre", "name", "id", "hash", "n");
    private static final Pattern FIELD = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\\..*)?");
    private static final int MAX_NAME_BYTES = 120;

    private final List<String> segments;

    private Layout(List<String> segments) {
        this.segments = segments;
    }

    /** Parses and checks a template; an unknown field or an empty folder is an operator error. */
    public static Layout parse(String template) {
        List<String> segments = new ArrayList<>();
        for (String segment : template.split("/", -1)) {
            if (segment.isBlank()) {
                throw new OperatorException("--layout '" + template + "' has an empty folder name");
            }
            Matcher m = FIELD.matcher(segment);
            while (m.find()) {
                if (!FIELDS.contains(m.group(1))) {
                    throw new OperatorException("--layout: unknown field {" + m.group(1) + "}; fields are "
                            + String.join(", ", FIELDS.stream().sorted().map(f -> "{" + f + "}").toList()));
                }
            }
            segments.add(segment);
        }
        return new Layout(List.copyOf(segments));
    }

    /**
     * The relative path of a content's file, without its extension; {@code name} is its file name without extension,
     * {@code n} its place in the export's order (1 for the first).
     */
    String render(Source source, String name, long n) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            Matcher m = FIELD.matcher(segment);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(safe(value(m.group(1), source, name, n))));
            }
            m.appendTail(out);
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(safe(out.toString()));
        }
        return path.toString();
    }

    private static String value(String field, Source s, String name, long n) {
        return switch (field) {
            case "key" -> s.key() != null ? s.key() : "unknown key";
            case "bpm" -> s.bpm() != null ? Long.toString(Math.round(s.bpm())) : "unknown bpm";
            case "meter" -> s.meter() != null ? s.meter().replace('/', '-') : "unknown meter";
            case "pack" -> s.pack() != null ? s.pack() : "no pack";
            case "role" -> s.roles().isEmpty() ? "no role" : s.roles().get(0);
            case "genre" -> s.genres().isEmpty() ? "no genre" : s.genres().get(0);
            case "name" -> name;
            case "id" -> Long.toString(s.contentId());
            case "hash" -> HexFormat.of().formatHex(s.blake3()).substring(0, 16);
            case "n" -> String.format(java.util.Locale.ROOT, "%03d", n);
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** One file or folder name, safe on Linux, macOS and Windows file systems. */
    public static String safe(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7F || "<>:\"/\\|?*".indexOf(c) >= 0 ? '_' : c));
        String name = sb.toString().strip();
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1).stripTrailing();
        }
        if (name.isEmpty()) {
            return "_";
        }
        if (RESERVED.matcher(name).matches()) {
            name = "_" + name;
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_NAME_BYTES) {
            int end = 0;
            int bytes = 0;
            while (end < name.length()) {
                int next = name.offsetByCodePoints(end, 1);
                bytes += name.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
                if (bytes > MAX_NAME_BYTES) {
                    break;
                }
                end = next;
            }
            name = name.substring(0, end).stripTrailing();
        }
        return name;
    }
}
