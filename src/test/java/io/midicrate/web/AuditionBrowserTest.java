package io.midicrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.corpus.TestMidi;
import io.midicrate.importjob.ImportJobConfig;
import io.midicrate.smf.MidiFile;
import io.midicrate.smf.SmfParser;
import io.midicrate.support.Browser;

/**
 * Hearing files in the page: the preview endpoint (a valid WAV that sounds, range requests, the cache, one-line
 * mistakes), the MIDI download in another key and tempo, and the player in real headless Chromium.
 */
@Tag("integration")
class AuditionBrowserTest extends BrowserPages {

    static final Path CACHE = Path.of("target/preview-cache");

    Path library;
    long aMinor;
    long cMajor;
    long gone;
    long cutShort;
    long noNotes;

    @BeforeAll
    void library() throws Exception {
        jdbc.execute("TRUNCATE file_error, location, import_candidate, import_run, content RESTART IDENTITY CASCADE");
        if (Files.isDirectory(CACHE)) {
            try (Stream<Path> files = Files.list(CACHE)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        library = Files.createTempDirectory("midicrate-audition-lib");
        Files.write(library.resolve("a minor loop.mid"), loop(9, true, 100).bytes());   // A minor, 100 BPM, drums
        Files.write(library.resolve("c major keys.mid"), loop(0, false, 120).bytes());  // C major, 120 BPM
        Files.write(library.resolve("d minor gone.mid"), loop(2, true, 90).bytes());
        // a header and one empty track: imported (the header is MIDI), but there is nothing to play
        Files.write(library.resolve("no notes.mid"), new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
            'M', 'T', 'r', 'k', 0, 0, 0, 0});
        byte[] whole = loop(4, false, 110).bytes(); // its last chunk runs past the end: played as repaired, never rewritten
        Files.write(library.resolve("cut short.mid"), Arrays.copyOf(whole, whole.length - 5));
        assertThat(runner.start(importJob, ImportJobConfig.parameters(List.of(library.toAbsolutePath().normalize())))
                .getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(runner.start(analyzeJob, AnalyzeJobConfig.parameters(false)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        aMinor = idOf("a minor loop.mid");
        cMajor = idOf("c major keys.mid");
        gone = idOf("d minor gone.mid");
        cutShort = idOf("cut short.mid");
        noNotes = idOf("no notes.mid");
        Files.delete(library.resolve("d minor gone.mid"));
    }

    /** Two bars in a key: its tonic triad and scale on channel 1 (with a key signature), a beat on channel 10. */
    static TestMidi loop(int tonic, boolean minor, double bpm) {
        TestMidi m = new TestMidi(480, 2).tempo(0, 0, bpm).timeSignature(0, 0, 4, 2)
                .keySignature(0, 0, minor ? new int[] {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5}[(tonic + 3) % 12]
                        : new int[] {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5}[tonic], minor);
        int[] scale = minor ? new int[] {0, 2, 3, 5, 7, 8, 10, 12} : new int[] {0, 2, 4, 5, 7, 9, 11, 12};
        int root = 48 + tonic % 12; // C3 + the tonic
        for (int i = 0; i < 8; i++) {
            m.note(1, 0, i * 240L, 240, root + scale[i], 90);
        }
        int third = minor ? 3 : 4;
        m.note(1, 0, 1920, 1920, root, 80).note(1, 0, 1920, 1920, root + third, 80).note(1, 0, 1920, 1920, root + 7, 80);
        for (int beat = 0; beat < 8; beat++) {
            m.note(1, 9, beat * 480L, 120, beat % 2 == 0 ? 36 : 38, 100);
        }
        return m;
    }

    long idOf(String name) {
        return count("SELECT content_id FROM location WHERE path LIKE ?", "%/" + name);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A WAV's header says 44.1 kHz 16-bit stereo PCM and the length it has; its samples are not all silence. */
    static void assertSoundingWav(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
        assertThat(b.getInt(24)).as("sample rate").isEqualTo(44_100);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(b.getInt(40)).as("data length").isEqualTo(wav.length - 44).isPositive();
        int peak = 0;
        for (int i = 44; i + 1 < wav.length; i += 2) {
            peak = Math.max(peak, Math.abs(b.getShort(i)));
        }
        assertThat(peak).as("loudest sample").isGreaterThan(1000);
    }

    @Test
    void aPreviewIsASoundingWavAndTheSecondPlayComesFromTheCache() throws Exception {
        HttpResponse<byte[]> first = get("/preview/" + aMinor + ".wav");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(first.headers().firstValue("X-Preview-Cache")).hasValue("miss");
        assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(first.body().length);
        assertSoundingWav(first.body());

        HttpResponse<byte[]> second = get("/preview/" + aMinor + ".wav");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Preview-Cache")).hasValue("hit");
        assertThat(second.body()).isEqualTo(first.body());
        try (Stream<Path> cached = Files.list(CACHE)) {
            assertThat(cached.map(p -> p.getFileName().toString()).toList()).anySatisfy(n -> assertThat(n).endsWith(".wav"))
                    .noneSatisfy(n -> assertThat(n).endsWith(".part"));
        }
    }

    @Test
    void aRangeRequestGetsThoseBytesWith206() throws Exception {
        byte[] whole = get("/preview/" + cMajor + ".wav?bpm=90").body();
        HttpResponse<byte[]> part = get("/preview/" + cMajor + ".wav?bpm=90", "Range", "bytes=1000-1999");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + whole.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));

        // a part of a preview never rendered is rendered first, then served
        HttpResponse<byte[]> fresh = get("/preview/" + cMajor + ".wav?bpm=95&drums=mute", "Range", "bytes=44-");
        assertThat(fresh.statusCode()).isEqualTo(206);
        assertThat(get("/preview/" + cMajor + ".wav?bpm=95&drums=mute").headers().firstValue("X-Preview-Cache")).hasValue("hit");
    }

    @Test
    void optionsChangeTheSoundAndAKeyAndItsIntervalShareOneCachedPreview() throws Exception {
        byte[] plain = get("/preview/" + aMinor + ".wav?drums=mute").body();
        HttpResponse<byte[]> up = get("/preview/" + aMinor + ".wav?drums=mute&transpose=%2B3");
        assertSoundingWav(up.body());
        assertThat(up.body()).isNotEqualTo(plain);
        // A minor to C minor is 3 semitones up: the same render, already cached
        HttpResponse<byte[]> to = get("/preview/" + aMinor + ".wav?drums=mute&to=Cm");
        assertThat(to.headers().firstValue("X-Preview-Cache")).hasValue("hit");
        assertThat(to.body()).isEqualTo(up.body());
        HttpResponse<byte[]> drums = get("/preview/" + aMinor + ".wav?drums=only&bars=1");
        assertSoundingWav(drums.body());
        assertThat(drums.body().length).isLessThan(plain.length);
    }

    @Test
    void mistakesAreOneLineWithTheirStatus() throws Exception {
        String base = "/preview/" + aMinor + ".wav";
        assertOneLine(get(base + "?to=H"), 400, "'H' is not a key");
        assertOneLine(get(base + "?transpose=up"), 400, "transpose takes");
        assertOneLine(get(base + "?transpose=2&to=Am"), 400, "not both");
        assertOneLine(get(base + "?bpm=0"), 400, "at most 999");
        assertOneLine(get(base + "?bpm=1000"), 400, "at most 999");
        assertOneLine(get(base + "?bpm=fast"), 400, "bpm takes");
        assertOneLine(get(base + "?drums=loud"), 400, "mute or only");
        assertOneLine(get(base + "?bars=0"), 400, "bars takes");
        assertOneLine(get("/preview/x.wav"), 400, "not a content id");
        assertOneLine(get("/preview/999999.wav"), 404, "no file with id 999999");
        assertOneLine(get("/preview/" + gone + ".wav"), 410, "no longer holds");
        assertOneLine(get("/preview/" + noNotes + ".wav"), 422, "cannot play this file");

        assertOneLine(get("/file/" + aMinor + ".mid?to=H"), 400, "'H' is not a key");
        assertOneLine(get("/file/" + aMinor + ".mid?bpm=0"), 400, "at most 999");
        assertOneLine(get("/file/999999.mid"), 404, "no file with id 999999");
        assertOneLine(get("/file/" + gone + ".mid"), 410, "no longer holds");
        assertOneLine(get("/file/" + cutShort + ".mid?transpose=1"), 422, "cannot rewrite this file");
    }

    static void assertOneLine(HttpResponse<byte[]> response, int status, String text) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(body).contains(text).doesNotContain("Exception").doesNotContain("<html");
        assertThat(body.strip().lines().count()).isEqualTo(1);
    }

    /** Sets the project in the page header as a person does: B minor, 90 BPM (kept in this browser). */
    void setProject(String key, String bpm) {
        browser.executeScript("localStorage.removeItem('midicrate.project')");
        browser.navigate().refresh();
        new Select(browser.findElement(By.id("project-key"))).selectByValue(key);
        WebElement tempo = browser.findElement(By.id("project-bpm"));
        tempo.clear();
        tempo.sendKeys(bpm, Keys.TAB);
    }

    WebElement row(long id) {
        return browser.findElement(By.cssSelector("#results tr.result[data-id='" + id + "']"));
    }

    String audioSrc() {
        return (String) browser.executeScript("const a = document.getElementById('audition-audio'); return a ? a.src : null;");
    }

    @Test
    void rowsPlayByButtonAndKeyboardInTheProjectsKeyAndTempoAndDragOutAsRetunedMidi() throws Exception {
        browser.get(url("/search"));
        setProject("B minor", "90");
        waiting().until(d -> !d.findElements(By.cssSelector("#results td.audition button")).isEmpty());
        // how far each file is: A minor to B minor is +2, D minor to B minor is -3; 100 BPM to 90 is x0.90
        assertThat(row(aMinor).findElement(By.cssSelector(".key-distance")).getText()).isEqualTo("+2 st");
        assertThat(row(gone).findElement(By.cssSelector(".key-distance")).getText()).isEqualTo("-3 st");
        assertThat(row(aMinor).findElement(By.cssSelector(".bpm-distance")).getText()).isEqualTo("×0.90");

        row(aMinor).findElement(By.cssSelector("td.audition button")).click();
        waiting().until(d -> row(aMinor).getDomAttribute("class").contains("playing"));
        assertThat(audioSrc()).isEqualTo(url("/preview/" + aMinor + ".wav?to=B%20minor&bpm=90"));
        // the whole preview reached the browser, so the server has cached it
        waiting().until(d -> Boolean.TRUE.equals(browser.executeScript("""
                const a = document.getElementById('audition-audio');
                return a.readyState >= 2 && a.buffered.length > 0 && a.buffered.end(0) >= a.duration - 0.05;""")));
        assertThat((Object) browser.executeScript("return document.getElementById('audition-audio').error")).isNull();
        assertThat(get("/preview/" + aMinor + ".wav?to=B%20minor&bpm=90").headers().firstValue("X-Preview-Cache")).hasValue("hit");
        Browser.fullPage(browser, "search-playing");

        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        waiting().until(d -> row(cMajor).getDomAttribute("class").contains("playing"));
        assertThat(row(aMinor).getDomAttribute("class")).doesNotContain("playing");
        assertThat(audioSrc()).isEqualTo(url("/preview/" + cMajor + ".wav?to=B%20minor&bpm=90"));
        new Actions(browser).sendKeys(Keys.ARROW_UP).perform();
        waiting().until(d -> row(aMinor).getDomAttribute("class").contains("playing"));
        new Actions(browser).sendKeys(Keys.SPACE).perform();
        waiting().until(d -> d.findElements(By.cssSelector("#results tr.result.playing")).isEmpty());

        // the row's drag data names a .mid in the project's key and tempo, whose bytes say so
        String drag = (String) browser.executeScript("""
                const link = arguments[0].querySelector('td.audition a.mid');
                const data = new DataTransfer();
                link.dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
                return data.getData('DownloadURL');""", row(aMinor));
        String midiUrl = url("/file/" + aMinor + ".mid?to=B%20minor&bpm=90");
        assertThat(drag).isEqualTo("audio/midi:a minor loop (B minor, 90 bpm).mid:" + midiUrl);
        HttpResponse<byte[]> midi = get(midiUrl.substring(url("").length()));
        assertThat(midi.statusCode()).isEqualTo(200);
        assertThat(midi.headers().firstValue("Content-Disposition").orElseThrow()).contains("(B minor, 90 bpm).mid");
        byte[] original = Files.readAllBytes(library.resolve("a minor loop.mid"));
        MidiFile before = new SmfParser().parse(original, original.length);
        MidiFile after = new SmfParser().parse(midi.body(), midi.body().length);
        assertThat(after.tempoMap().segmentBpm(0)).isCloseTo(90, org.assertj.core.api.Assertions.within(0.01));
        for (int i = 0; i < before.notes().count(); i++) {
            assertThat(after.notes().key(i)).isEqualTo(before.notes().key(i) + (before.notes().isDrum(i) ? 0 : 2));
        }
        assertThat(after.keySignatures().get(0).sharps()).isEqualTo(2); // B minor
    }

    @Test
    void theFilePagePlaysThroughTheSamePlayerWithItsOptionsAndThePlayheadFollows() {
        browser.get(url("/files/" + aMinor));
        setProject("B minor", "90");
        assertThat(new Select(browser.findElement(By.id("player-transpose"))).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo("project");
        assertThat(browser.findElement(By.id("download-retuned")).getText()).endsWith("a minor loop (B minor, 90 bpm).mid");
        new Select(browser.findElement(By.id("player-drums"))).selectByValue("mute");
        browser.findElement(By.id("player-loop")).click();
        browser.findElement(By.id("play")).click();
        waiting().until(d -> audioSrc() != null && audioSrc().contains("/preview/"));
        assertThat(audioSrc()).isEqualTo(url("/preview/" + aMinor + ".wav?to=B%20minor&bpm=90&drums=mute"));
        assertThat((Object) browser.executeScript("return document.getElementById('audition-audio').loop")).isEqualTo(true);
        WebElement head = browser.findElement(By.id("playhead"));
        double left = Double.parseDouble(browser.findElement(By.id("pianoroll")).getDomAttribute("data-left"));
        waiting().until(d -> Double.parseDouble(head.getDomAttribute("x1")) > left);
        Browser.fullPage(browser, "file-playing");
        assertThat(browser.findElements(By.cssSelector("script:not([src])"))).isEmpty();
        browser.findElement(By.id("play")).click();
        waiting().until(d -> Double.parseDouble(head.getDomAttribute("x1")) < 0);
        browser.executeScript("localStorage.removeItem('midicrate.project')");
    }
}
