package io.midicrate.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** Number, size, date and duration spellings for the templates ({@code ${@fmt.bytes(n)}}). */
@Component("fmt")
public class Formats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public String count(Number n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    public String bytes(Number n) {
        if (n == null) {
            return "-";
        }
        double b = n.doubleValue();
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (b >= 1000 && u < units.length - 1) {
            b /= 1000;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.1f %s", b, units[u]);
    }

    public String decimal(Number n, int digits) {
        return n == null ? "-" : String.format(Locale.ROOT, "%." + digits + "f", n.doubleValue());
    }

    public String percent(Number part, Number whole) {
        if (part == null || whole == null || whole.doubleValue() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * part.doubleValue() / whole.doubleValue());
    }

    /** How a result order reads above the table. */
    public String effectiveSortLabel(String sort) {
        return switch (sort == null ? "" : sort) {
            case "bpm" -> "slowest first";
            case "key" -> "by key";
            case "duration" -> "shortest first";
            case "recent" -> "newest first";
            case "relevance" -> "best match first";
            case "similar" -> "most alike first";
            default -> "by path";
        };
    }

    /** The Camelot code of a key index ("8A"). */
    /** A key name as the page shows it: the one spelling, with the accidentals drawn (F♯ major, E♭ minor). */
    public String key(String name) {
        if (name == null || name.length() < 2) {
            return name;
        }
        char accidental = name.charAt(1);
        return accidental == '#' ? name.charAt(0) + "\u266F" + name.substring(2)
                : accidental == 'b' ? name.charAt(0) + "\u266D" + name.substring(2) : name;
    }

    public String camelot(Number keyIndex) {
        return keyIndex == null ? "" : io.midicrate.query.Camelot.code(keyIndex.intValue());
    }

    public String when(Instant instant) {
        return instant == null ? "-" : WHEN.format(instant.atZone(ZoneId.systemDefault()));
    }

    public String when(LocalDateTime time) {
        return time == null ? "-" : WHEN.format(time);
    }

    /** {@link #when(Instant)} of an instant written as ISO-8601 text, as the audit reports hold it. */
    public String whenIso(String instant) {
        return instant == null || instant.isBlank() ? "-" : when(Instant.parse(instant));
    }

    /** 0.4 s, 12.0 s, 3m05s, 1h02m00s. */
    public String seconds(Number seconds) {
        if (seconds == null) {
            return "-";
        }
        double s = seconds.doubleValue();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long r = Math.round(s);
        return r >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", r / 3600, r / 60 % 60, r % 60)
                : String.format(Locale.ROOT, "%dm%02ds", r / 60, r % 60);
    }

    public String between(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return "-";
        }
        return seconds(Duration.between(start, end == null ? LocalDateTime.now() : end).toMillis() / 1000.0);
    }
}
