package io.midicrate.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.midicrate.common.OperatorException;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The file formats of a result set, written one row at a time: what {@code midicrate search --format csv|m3u} prints
 * for a page and what the search page's download streams for every match. One place, so both say the same.
 */
public final class ResultFormats {

    /** A format a result set downloads as. */
    public enum Format {
        CSV("text/csv", "csv"), M3U("audio/x-mpegurl", "m3u");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }

        /** csv or m3u, any case; anything else is the user's mistake. */
        public static Format parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new OperatorException("a download is csv or m3u, not '" + name + "'");
            }
        }
    }

    /** Writes rows as they come; {@link #finish} flushes what is buffered (it does not close the target). */
    public interface RowWriter {
        void write(SearchRow row);

        void finish();
    }

    static final List<String> CSV_COLUMNS = List.of("id", "path", "otherPaths", "status", "key", "camelot", "bpm",
            "meter", "bars", "durationSeconds", "notes", "tracks", "drums", "drumsOnly", "instruments", "tags", "pack",
            "size", "blake3", "firstSeen", "favourite", "rating", "userTags", "progression", "numerals", "similarity",
            "similarBecause");

    private static final CsvMapper CSV = CsvMapper.builder().build();
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder().setUseHeader(true)
            .addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING).build();

    private ResultFormats() {
    }

    public static RowWriter writer(Format format, Writer out) {
        return format == Format.CSV ? csv(out) : m3u(out);
    }

    /** A header line and one line per row (lists joined with ';'); the header alone when there are no rows. */
    public static RowWriter csv(Writer out) {
        return new RowWriter() {
            private SequenceWriter lines;

            @Override
            public void write(SearchRow row) {
                if (lines == null) { // the header comes with the first row, as Jackson writes it
                    lines = CSV.writer(CSV_SCHEMA).without(tools.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
                            .writeValues(out);
                }
                lines.write(csvLine(row));
            }

            @Override
            public void finish() {
                if (lines != null) {
                    lines.close(); // the target stays open
                } else { // no row: the header Jackson would have written before the first one
                    append(out, String.join(",", CSV_COLUMNS) + "\n");
                }
                flush(out);
            }
        };
    }

    /** An extended M3U playlist: each row's length in seconds (-1 unknown) and file name, then its path. */
    public static RowWriter m3u(Writer out) {
        return new RowWriter() {
            private boolean started;

            @Override
            public void write(SearchRow r) {
                start();
                long seconds = r.durationSeconds() == null ? -1 : Math.round(r.durationSeconds());
                String name = r.path().substring(r.path().lastIndexOf('/') + 1);
                append(out, "#EXTINF:" + seconds + "," + printable(name) + "\n" + r.path() + "\n");
            }

            @Override
            public void finish() {
                start();
                flush(out);
            }

            private void start() {
                if (!started) {
                    started = true;
                    append(out, "#EXTM3U\n");
                }
            }

        };
    }

    /** Control characters in names (a newline in a file name) shown escaped, so one row stays one line. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Map<String, Object> csvLine(SearchRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("path", r.path());
        m.put("otherPaths", r.otherPaths());
        m.put("status", r.status());
        m.put("key", r.key());
        m.put("camelot", r.camelot());
        m.put("bpm", r.bpm());
        m.put("meter", r.meter());
        m.put("bars", r.bars());
        m.put("durationSeconds", r.durationSeconds());
        m.put("notes", r.notes());
        m.put("tracks", r.tracks());
        m.put("drums", r.drums());
        m.put("drumsOnly", r.drumsOnly());
        m.put("instruments", String.join(";", r.instruments()));
        m.put("tags", String.join(";", r.tags()));
        m.put("pack", r.pack());
        m.put("size", r.size());
        m.put("blake3", r.blake3());
        m.put("firstSeen", r.firstSeen() == null ? null : r.firstSeen().toString());
        m.put("favourite", r.favourite());
        m.put("rating", r.rating());
        m.put("userTags", String.join(";", r.userTags()));
        m.put("progression", r.progression());
        m.put("numerals", r.numerals());
        m.put("similarity", r.similarity() == null ? null : String.format(Locale.ROOT, "%.3f", r.similarity().score()));
        m.put("similarBecause", r.similarity() == null ? null : r.similarity().why());
        return m;
    }

    private static void append(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
