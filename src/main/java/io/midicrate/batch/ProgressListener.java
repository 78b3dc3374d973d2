package io.midicrate.batch;

import java.util.Locale;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.stereotype.Component;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live progress line on a terminal: one bar per phase (scan, hash, analyse), fed by every partition's writes,
 * with files done, files/s and an ETA once the total is known. Off unless the CLI turns it on.
 */
@Component
public class ProgressListener implements StepExecutionListener, ItemWriteListener<Object> {

    private volatile boolean enabled;
    private ProgressBar bar;
    private String phase;

    public void enable(boolean on) {
        this.enabled = on;
    }

    @Override
    public synchronized void beforeStep(StepExecution stepExecution) {
        if (!enabled) {
            return;
        }
        String stepPhase = stepExecution.getStepName().replaceAll("Worker.*", "").replace("import", "")
                .toLowerCase(Locale.ROOT);
        if (!stepPhase.equals(phase)) {
            finish();
            phase = stepPhase;
            bar = new ProgressBarBuilder().setTaskName(stepPhase).setStyle(ProgressBarStyle.ASCII).setUnit(" files", 1)
                    .showSpeed().setUpdateIntervalMillis(250).continuousUpdate().setInitialMax(-1).build();
        }
        long rows = stepExecution.getExecutionContext().getLong("rows", -1L);
        if (rows >= 0) {
            bar.maxHint(Math.max(0, bar.getMax()) + rows);
            bar.stepBy(stepExecution.getWriteCount());
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        return null;
    }

    @Override
    public void afterWrite(Chunk<?> items) {
        ProgressBar current = bar;
        if (enabled && current != null) {
            current.stepBy(items.size());
        }
    }

    /** Closes the current bar, leaving its last state on screen. */
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
            phase = null;
        }
    }
}
