package io.midicrate.bench;

import io.midicrate.bench.MidiContent.Genre;
import io.midicrate.bench.MidiContent.Part;
import io.midicrate.bench.MidiContent.Spec;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a synthetic MIDI library that looks like a producer's: genre and pack folders, file names carrying tempo and key,
 * packs shipped as zips (one nested zip when there are 1000+ files), exact duplicates across folders and zips, and a few
 * corrupt files. For benchmarks and end-to-end tests of the import job.
 *
 * <p>Deterministic per seed: the same options give the same bytes (zip entry times are fixed). Streaming: one file is in
 * memory at a time; a duplicate is written by regenerating its original's content from the original's content id, so
 * nothing earlier is kept (apart from one byte per file for the plan). An instance reuses its buffers: one
 * {@link #generate} at a time per instance.
 */
public final class CorpusGenerator {

    /**
     * @param files          MIDI-named files to write, counting zip entries
     * @param duplicateShare share of files that are byte-exact copies of another file
     * @param corruptShare   share of files that are not valid MIDI (truncated, garbage, PNG renamed .mid, empty)
     * @param zipShare       share of files that go into zip archives
     */
    public record Options(int files, double duplicateShare, double corruptShare, double zipShare, long seed) {

        public Options {
            if (files < 0 || duplicateShare < 0 || corruptShare < 0 || zipShare < 0 || duplicateShare + corruptShare > 0.9) {
                throw new IllegalArgumentException("bad options " + files + " " + duplicateShare + " " + corruptShare + " " + zipShare);
            }
        }
    }

    /**
     * @param files          MIDI-named files written (plain files plus zip entries)
     * @param distinctContents distinct byte contents among them
     * @param duplicates     files whose bytes equal an earlier file's ({@code files - distinctContents})
     * @param corrupt        files that are not valid MIDI
     * @param zips           zip archives, nested ones included
     * @param zipEntries     MIDI-named files inside zips
     * @param totalBytes     uncompressed bytes of all MIDI-named files
     */
    public record Summary(int files, int distinctContents, int duplicates, int corrupt, int zips, int zipEntries, long totalBytes) {
    }

    private static final byte ORIGINAL = 0, DUPLICATE = 1, CORRUPT = 2;
    /** Fixed zip entry time (2024-01-01) so archives are byte-identical across runs. */
    private static final long ENTRY_TIME = 1_704_067_200_000L;

    private static final String[] ADJECTIVES = {"Dark", "Deep", "Warm", "Dusty", "Midnight", "Golden", "Cold", "Lush", "Gritty",
            "Dreamy", "Hazy", "Neon", "Velvet", "Raw", "Smooth", "Epic", "Sad", "Bouncy", "Heavy", "Crystal", "Night", "Summer"};
    private static final String[] NOUNS = {"Vibes", "Sessions", "Waves", "Dreams", "Streets", "Nights", "Tape", "Rain", "Soul",
            "Motion", "Echoes", "Horizon", "Pulse", "Gold", "Smoke", "City", "Sunset", "Ocean", "Shadows", "Bloom"};
    private static final String[] LABELS = {"Cymatics", "Loopmasters", "Producer Loops", "Sample Lab", "Beat Butcha",
            "Unison", "MIDI Vault", "Black Octopus", "Ghosthack", "ADSR"};
    private static final String[] VARIANTS = {"", "", "", "", " 2", " (1)", " copy", " alt", " v2", " Var"};

    private final MidiContent content = new MidiContent();
    private final ByteBuf buf = new ByteBuf(256 * 1024);

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CorpusGenerator <outDir> <files> [dupShare=0.1] [corruptShare=0.005] [seed=42] [zipShare=0.2]");
            System.exit(2);
        }
        Options o = new Options(Integer.parseInt(args[1]), args.length > 2 ? Double.parseDouble(args[2]) : 0.1,
                args.length > 3 ? Double.parseDouble(args[3]) : 0.005, args.length > 5 ? Double.parseDouble(args[5]) : 0.2,
                args.length > 4 ? Long.parseLong(args[4]) : 42L);
        long t0 = System.nanoTime();
        Summary s = new CorpusGenerator().generate(Path.of(args[0]), o);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println(s);
        System.out.printf(Locale.ROOT, "%.1f s, %.0f files/s, %.1f MB/s%n", secs, s.files() / secs, s.totalBytes() / secs / 1e6);
    }

    public Summary generate(Path outDir, Options o) throws IOException {
        SplittableRandom rng = new SplittableRandom(o.seed());
        seedBase = new SplittableRandom(~o.seed()).nextLong();
        Set<String> packNames = new HashSet<>(); // pack names double as folder and zip names: keep them unique
        int n = o.files();
        byte[] plan = plan(n, o, rng);
        byte[] genreOfContent = new byte[n]; // content id -> genre: all a duplicate needs to regenerate its original
        Run run = new Run(outDir);
        int slot = 0;
        int pack = 0;
        boolean nestedDone = false;
        while (slot < n) {
            int size = Math.min(n - slot, 5 + rng.nextInt(Math.max(10, Math.min(120, n / 10))));
            boolean zipped = o.zipShare() > 0 && run.zipEntries < o.zipShare() * (slot + size);
            PackPlan p = packPlan(rng, pack++, zipped, packNames);
            boolean nested = zipped && !nestedDone && n >= 1000 && size >= 4;
            nestedDone |= nested;
            Set<String> names = new HashSet<>();
            if (!zipped) {
                for (int i = 0; i < size; i++, slot++) {
                    String rel = fileFor(plan[slot], rng, run, genreOfContent, p, names);
                    Path file = outDir.resolve(p.root()).resolve(rel);
                    writePlain(file);
                }
            } else {
                Path zipPath = outDir.resolve(p.zipPath());
                Files.createDirectories(zipPath.getParent());
                try (ZipOutputStream zip = zip(new BufferedOutputStream(Files.newOutputStream(zipPath), 1 << 16))) {
                    run.zips++;
                    int outer = nested ? size / 2 : size;
                    for (int i = 0; i < outer; i++, slot++) {
                        String rel = fileFor(plan[slot], rng, run, genreOfContent, p, names);
                        entry(zip, p.entryPrefix() + rel);
                        run.zipEntries++;
                    }
                    if (nested) { // a bundle zip holding another pack as a zip, as bundles ship
                        PackPlan inner = packPlan(rng, pack++, true, packNames);
                        ByteArrayOutputStream innerBytes = new ByteArrayOutputStream();
                        Set<String> innerNames = new HashSet<>();
                        try (ZipOutputStream innerZip = zip(innerBytes)) {
                            for (int i = outer; i < size; i++, slot++) {
                                String rel = fileFor(plan[slot], rng, run, genreOfContent, inner, innerNames);
                                entry(innerZip, inner.entryPrefix() + rel);
                                run.zipEntries++;
                            }
                        }
                        run.zips++;
                        ZipEntry e = new ZipEntry(p.entryPrefix() + inner.name() + ".zip");
                        e.setTime(ENTRY_TIME);
                        zip.putNextEntry(e);
                        innerBytes.writeTo(zip);
                        zip.closeEntry();
                    }
                }
            }
        }
        return new Summary(n, n - run.duplicates, run.duplicates, run.corrupt, run.zips, run.zipEntries, run.totalBytes);
    }

    /** Which slots are originals, duplicates and corrupt: exact counts, shuffled, slot 0 always an original. */
    private static byte[] plan(int n, Options o, SplittableRandom rng) {
        byte[] plan = new byte[n];
        int dups = (int) Math.round(n * o.duplicateShare());
        int corrupt = (int) Math.round(n * o.corruptShare());
        for (int i = 0; i < n; i++) {
            plan[i] = i < dups ? DUPLICATE : i < dups + corrupt ? CORRUPT : ORIGINAL;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            byte t = plan[i];
            plan[i] = plan[j];
            plan[j] = t;
        }
        for (int i = 0; i < n && plan[0] != ORIGINAL; i++) {
            if (plan[i] == ORIGINAL) {
                plan[i] = plan[0];
                plan[0] = ORIGINAL;
            }
        }
        return plan;
    }

    /** Mutable counters of one run. */
    private static final class Run {
        final Path outDir;
        int originals, duplicates, corrupt, zips, zipEntries;
        long totalBytes;
        final Set<Path> madeDirs = new HashSet<>();

        Run(Path outDir) {
            this.outDir = outDir;
        }
    }

    private Run current;

    /**
     * Where a pack goes. {@code root} is the folder of a plain pack (relative to the library), {@code zipPath} the archive of a
     * zipped one and {@code entryPrefix} the folder inside it. {@code layout} picks how files are grouped below.
     */
    private record PackPlan(String name, Genre genre, String root, String zipPath, String entryPrefix, int layout, String abbrev) {
    }

    private static PackPlan packPlan(SplittableRandom r, int index, boolean zipped, Set<String> taken) {
        Genre genre = Genre.values()[r.nextInt(Genre.values().length)];
        String adj = pick(r, ADJECTIVES);
        String noun = pick(r, NOUNS);
        String name = switch (r.nextInt(5)) {
            case 0 -> genre.label + " Pack Vol " + (1 + r.nextInt(9));
            case 1 -> adj + " " + noun;
            case 2 -> String.format(Locale.ROOT, "Pack %02d", index + 1);
            case 3 -> pick(r, LABELS) + " - " + adj + " " + genre.label;
            default -> adj + " " + genre.label + " MIDI Kit";
        };
        if (!taken.add(name.toLowerCase(Locale.ROOT))) {
            name = name + " " + (index + 1);
            taken.add(name.toLowerCase(Locale.ROOT));
        }
        String root = switch (r.nextInt(4)) {
            case 0 -> genre.label + "/" + name;
            case 1 -> "Packs/" + name + "/MIDI";
            case 2 -> name;
            default -> pick(r, LABELS) + "/" + name + " (MIDI)";
        };
        String zipPath = (r.nextBoolean() ? genre.label + "/" : "Zips/") + name + ".zip";
        String prefix = switch (r.nextInt(3)) {
            case 0 -> name + "/";
            case 1 -> "MIDI/";
            default -> "";
        };
        String abbrev = (adj.substring(0, 2) + noun.substring(0, 2)).toUpperCase(Locale.ROOT);
        return new PackPlan(name, genre, root, zipped ? zipPath : null, prefix, r.nextInt(3), abbrev);
    }

    /** Produces the next file's bytes into {@link #buf} and returns its path relative to the pack. */
    private String fileFor(byte kind, SplittableRandom rng, Run run, byte[] genreOfContent, PackPlan p, Set<String> names) {
        current = run;
        Spec spec;
        String variant = "";
        if (kind == DUPLICATE) {
            int id = rng.nextInt(run.originals);
            spec = MidiContent.spec(contentSeed(id), Genre.values()[genreOfContent[id]]);
            content.write(spec, buf);
            variant = pick(rng, VARIANTS);
            run.duplicates++;
        } else if (kind == CORRUPT) {
            spec = MidiContent.spec(rng.nextLong(), p.genre());
            corrupt(spec, rng, run.corrupt++);
        } else {
            int id = run.originals++;
            genreOfContent[id] = (byte) p.genre().ordinal();
            spec = MidiContent.spec(contentSeed(id), p.genre());
            content.write(spec, buf);
        }
        run.totalBytes += buf.size;
        String rel = folder(spec, p) + fileName(spec, rng, p) + variant;
        String unique = rel;
        for (int k = 2; !names.add(unique); k++) {
            unique = rel + " " + k;
        }
        return unique + (rng.nextInt(20) == 0 ? ".midi" : ".mid");
    }

    /** Content seeds depend only on the run seed and the id, so a duplicate regenerates its original exactly. */
    private long seedBase;

    private long contentSeed(int id) {
        return seedBase + 0x9E3779B97F4A7C15L * (id + 1);
    }

    private void corrupt(Spec spec, SplittableRandom r, int index) {
        switch (index % 4) {
            case 0, 3 -> {
                if (index == 3) { // one empty file: more would be byte-equal to each other and skew the duplicate count
                    buf.reset();
                    return;
                }
                content.write(spec, buf); // truncated mid-track; once inside the header (more would be byte-equal)
                buf.size = index == 4 ? 10 : buf.size / 4 + r.nextInt(Math.max(1, buf.size - buf.size / 4 - 1));
            }
            case 1 -> { // garbage
                buf.reset();
                int len = 64 + r.nextInt(4000);
                for (int i = 0; i < len; i++) {
                    buf.put(r.nextInt(256));
                }
            }
            default -> { // a PNG renamed .mid
                buf.reset();
                int[] sig = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
                for (int b : sig) {
                    buf.put(b);
                }
                int len = 200 + r.nextInt(3000);
                for (int i = 0; i < len; i++) {
                    buf.put(r.nextInt(256));
                }
            }
        }
    }

    private static String folder(Spec s, PackPlan p) {
        String category = switch (s.main()) {
            case DRUMS -> "Drums";
            case BASS -> "Bass";
            case CHORDS, KEYS, PIANO, PAD, STRINGS -> "Chords";
            default -> "Melodies";
        };
        return switch (p.layout()) {
            case 0 -> (s.type1() ? "Full Loops" : category) + "/";
            case 1 -> s.bpm() + " BPM/";
            default -> "";
        };
    }

    private static String fileName(Spec s, SplittableRandom r, PackPlan p) {
        String role = s.type1() ? pick(r, new String[] {"Full Loop", "Construction Kit", "Song Starter", s.main().label + " Layered"})
                : s.main() == Part.DRUMS ? s.drums().label : s.main() == Part.BASS && r.nextInt(3) == 0 ? "808" : s.main().label;
        String tonic = MidiContent.keyName(s);
        String key = switch (r.nextInt(5)) {
            case 0 -> tonic + (s.minor() ? "m" : "");
            case 1 -> tonic + (s.minor() ? " minor" : " major");
            case 2 -> tonic + (s.minor() ? "min" : "maj");
            case 3 -> tonic + (s.minor() ? " Minor" : " Major");
            default -> tonic + (s.minor() ? "m" : " Maj");
        };
        boolean drumsOnly = s.main() == Part.DRUMS && !s.type1();
        String adj = pick(r, ADJECTIVES);
        String name = switch (r.nextInt(7)) {
            case 0 -> adj + " " + role + " " + s.bpm() + " BPM" + (drumsOnly ? "" : " " + key);
            case 1 -> role.toLowerCase(Locale.ROOT).replace(' ', '_') + "_" + s.bpm() + (drumsOnly ? "" : "_" + key.replace(' ', '_'));
            case 2 -> p.abbrev() + "_" + role.replace(" ", "") + "_" + String.format(Locale.ROOT, "%02d", 1 + r.nextInt(40)) + "_"
                    + s.bpm() + "bpm" + (drumsOnly ? "" : "_" + key.replace(" ", ""));
            case 3 -> s.bpm() + " " + adj + " " + role + (drumsOnly ? "" : " " + key);
            case 4 -> adj + " " + role + " (" + s.bpm() + ")" + (drumsOnly ? "" : " " + key);
            case 5 -> String.format(Locale.ROOT, "%02d", 1 + r.nextInt(40)) + " - " + adj + " " + pick(r, NOUNS) + " " + role;
            default -> p.genre().label + " " + role + " " + pick(r, NOUNS) + " - " + s.bpm() + " bpm" + (drumsOnly ? "" : " - " + key);
        };
        return name;
    }

    private void writePlain(Path file) {
        try {
            Path dir = file.getParent();
            if (current.madeDirs.add(dir)) {
                Files.createDirectories(dir);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(buf.data, 0, buf.size); // one write per file: the buffer already holds it all
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void entry(ZipOutputStream zip, String name) {
        try {
            ZipEntry e = new ZipEntry(name);
            e.setTime(ENTRY_TIME);
            zip.putNextEntry(e);
            zip.write(buf.data, 0, buf.size);
            zip.closeEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Fast deflate: MIDI shrinks well even at level 1, and level 6 would make zips the generator's bottleneck. */
    private static ZipOutputStream zip(OutputStream out) {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        return zip;
    }

    private static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }

}
