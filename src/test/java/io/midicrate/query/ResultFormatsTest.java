package io.midicrate.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.midicrate.common.OperatorException;

/** The CSV and M3U of a result set, byte for byte as {@code midicrate search} printed them before they moved here. */
class ResultFormatsTest {

    static final List<SearchRow> ROWS = List.of(
            new SearchRow(1, "/a/b \"x\",y.mid", 2, "ok", "A minor", "8A", 120.5, "4/4", 8.0, 16.2, 100, 2, true, false,
                    List.of("Piano", "Bass"), List.of("house", "bpm-120-139"), "pack", 1234, "abcd",
                    OffsetDateTime.parse("2026-01-02T03:04:05Z"), true, 4, List.of("dark", "late"), "Am F C G",
                    "i VI III VII", new SearchRow.Similarity(0.912, "same progression, rhythm 0.91")),
            new SearchRow(2, "/a/new\nline.mid", 0, "pending", null, null, null, null, null, null, null, null, null, null,
                    List.of(), List.of(), null, 5, "ef", null));

    static final String HEADER = "id,path,otherPaths,status,key,camelot,bpm,meter,bars,durationSeconds,notes,tracks,"
            + "drums,drumsOnly,instruments,tags,pack,size,blake3,firstSeen,favourite,rating,userTags,progression,numerals,"
            + "similarity,similarBecause\n";

    static String written(ResultFormats.Format format, List<SearchRow> rows) {
        StringWriter out = new StringWriter();
        ResultFormats.RowWriter writer = ResultFormats.writer(format, out);
        rows.forEach(writer::write);
        writer.finish();
        return out.toString();
    }

    @Test
    void csvQuotesWhatNeedsItAndJoinsListsWithSemicolons() {
        assertThat(written(ResultFormats.Format.CSV, ROWS)).isEqualTo(HEADER
                + "1,\"/a/b \"\"x\"\",y.mid\",2,ok,\"A minor\",8A,120.5,4/4,8.0,16.2,100,2,true,false,Piano;Bass,"
                + "house;bpm-120-139,pack,1234,abcd,2026-01-02T03:04:05Z,true,4,dark;late,\"Am F C G\",\"i VI III VII\","
                + "0.912,\"same progression, rhythm 0.91\"\n"
                + "2,\"/a/new\nline.mid\",0,pending,,,,,,,,,,,,,,5,ef,,false,,,,,,\n");
        assertThat(written(ResultFormats.Format.CSV, List.of())).isEqualTo(HEADER);
    }

    @Test
    void m3uNamesEachEntryOnOneLine() {
        assertThat(written(ResultFormats.Format.M3U, ROWS)).isEqualTo("""
                #EXTM3U
                #EXTINF:16,b "x",y.mid
                /a/b "x",y.mid
                #EXTINF:-1,new\\x0aline.mid
                /a/new
                line.mid
                """);
        assertThat(written(ResultFormats.Format.M3U, List.of())).isEqualTo("#EXTM3U\n");
    }

    @Test
    void aFormatIsCsvOrM3u() {
        assertThat(ResultFormats.Format.parse(" M3u ")).isEqualTo(ResultFormats.Format.M3U);
        assertThatThrownBy(() -> ResultFormats.Format.parse("xml")).isInstanceOf(OperatorException.class)
                .hasMessageContaining("csv or m3u, not 'xml'");
    }
}
