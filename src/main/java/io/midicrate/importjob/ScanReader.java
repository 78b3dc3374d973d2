package io.midicrate.importjob;

import java.nio.file.Path;
import java.util.List;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * The scan step's reader. Its position is the count of items read, saved at each commit; a restart walks the
 * (stably ordered) tree again and skips that many, which costs a walk and no reads of file contents.
 */
public class ScanReader extends AbstractItemCountingItemStreamItemReader<ScanItem> {

    private final List<Path> roots;
    private final ScanLimits limits;
    private LibraryScanner scanner;

    public ScanReader(List<Path> roots, ScanLimits limits) {
        this.roots = roots;
        this.limits = limits;
        setName("scan");
    }

    @Override
    protected void doOpen() {
        scanner = new LibraryScanner(roots, limits);
    }

    @Override
    protected ScanItem doRead() {
        return scanner.hasNext() ? scanner.next() : null;
    }

    @Override
    protected void doClose() {
        if (scanner != null) {
            scanner.close();
        }
    }
}
