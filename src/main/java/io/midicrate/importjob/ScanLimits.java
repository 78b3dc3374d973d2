package io.midicrate.importjob;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.midicrate.config.MidicrateProperties;

/** The import settings the scan and the byte reader share, in plain form. */
public record ScanLimits(Set<String> extensions, long maxFileSize, boolean followSymlinks, int zipMaxDepth,
                         int zipMaxRatio, long zipMaxArchiveSize, int zipMaxEntries, long zipMaxNestedSize) {

    /** Below this size a high ratio is normal (a MIDI file of repeated events compresses 50:1). */
    static final long RATIO_FLOOR = 1 << 20;

    public static ScanLimits from(MidicrateProperties.Import p) {
        return new ScanLimits(
                p.extensions().stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                p.maxFileSize().toBytes(), p.followSymlinks(), p.zip().maxDepth(), p.zip().maxRatio(),
                p.zip().maxArchiveSize().toBytes(), p.zip().maxEntries(), p.zip().maxNestedSize().toBytes());
    }

    boolean isMidiName(String name) {
        return extensions.contains(io.midicrate.library.LibraryPath.extension(name));
    }

    static boolean isZipName(String name) {
        return io.midicrate.library.LibraryPath.extension(name).equals("zip");
    }

    /** A zip-bomb verdict for one entry, or null when its declared sizes are acceptable. */
    String bombReason(long size, long compressedSize) {
        if (size > RATIO_FLOOR && compressedSize > 0 && size / compressedSize > zipMaxRatio) {
            return "entry inflates " + (size / compressedSize) + ":1 (" + size + " bytes from " + compressedSize
                    + "), over the " + zipMaxRatio + ":1 bound";
        }
        return null;
    }
}
