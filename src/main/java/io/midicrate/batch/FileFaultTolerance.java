package io.midicrate.batch;

import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.skip.NonSkippableReadException;
import org.springframework.batch.core.step.skip.NonSkippableWriteException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.midicrate.library.ErrorFamily;

/**
 * Per-file fault tolerance for a chunk step whose writer stores files: when the database rejects one file's rows
 * (a {@link DataErrors data error}), Spring Batch rolls the chunk back and writes it again item by item; the file
 * that fails alone is skipped and recorded by writing its failure outcome (an error row with a family) in a
 * transaction of its own, and every other file of the chunk is written. Infrastructure failures are never skipped:
 * the step fails and {@code restart} continues it.
 *
 * <p>Each write runs under a savepoint, so a rejected file leaves its transaction clean (no locks held by its
 * half-written rows) before its failure is recorded on another connection. The recording is idempotent (error rows
 * are unique per run and path), so a crash between it and the step's own commit changes nothing on restart.
 *
 * @param <I> what the step reads
 * @param <O> what its writer writes
 */
public final class FileFaultTolerance<I, O> implements SkipListener<I, O> {

    /** How a step turns an item that could not be written into the outcome that records its failure. */
    public interface Failures<I, O> {
        O ofInput(I item, ErrorFamily family, String message);

        O ofOutput(O item, ErrorFamily family, String message);
    }

    private final ItemWriter<O> writer;
    private final Failures<I, O> failures;
    private final TransactionTemplate savepoint;
    private final TransactionTemplate ownTransaction;

    public FileFaultTolerance(ItemWriter<O> writer, PlatformTransactionManager transactionManager, Failures<I, O> failures) {
        this.writer = writer;
        this.failures = failures;
        this.savepoint = new TransactionTemplate(transactionManager);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Sets the step's writer, skip policy and this listener. */
    public ChunkOrientedStepBuilder<I, O> applyTo(ChunkOrientedStepBuilder<I, O> step) {
        return step.writer(this::writeUnderSavepoint)
                .faultTolerant()
                .skipPolicy((failure, skipped) -> DataErrors.isDataError(failure))
                .skipListener(this);
    }

    private void writeUnderSavepoint(Chunk<? extends O> chunk) throws Exception {
        try {
            savepoint.executeWithoutResult(status -> {
                try {
                    writer.write(chunk);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked e) {
            throw (Exception) e.getCause();
        }
    }

    @Override
    public void onSkipInWrite(O item, Throwable failure) {
        record(failures.ofOutput(item, DataErrors.family(failure), DataErrors.describe(failure)), failure);
    }

    @Override
    public void onSkipInProcess(I item, Throwable failure) {
        record(failures.ofInput(item, DataErrors.family(failure), DataErrors.describe(failure)), failure);
    }

    /** A read that fails names no file to record: never skipped silently. */
    @Override
    public void onSkipInRead(Throwable failure) {
        throw new NonSkippableReadException("a failed read names no file to record", failure);
    }

    private void record(O failed, Throwable original) {
        try {
            ownTransaction.executeWithoutResult(status -> {
                try {
                    writer.write(new Chunk<>(failed));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (RuntimeException e) {
            e.addSuppressed(original);
            // the failure could not be recorded: fail the step rather than lose the file
            throw new NonSkippableWriteException("could not record a rejected file", e);
        }
    }

    /** Carries a writer's checked exception through a transaction callback. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
