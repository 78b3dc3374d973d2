package io.midicrate.support;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import io.midicrate.analyzejob.AnalyzeJobConfig;
import io.midicrate.batch.JobRunner;
import io.midicrate.importjob.ImportJobConfig;

/**
 * Base of the tests that run the jobs end to end: the job runner and the import and analyze jobs of the application,
 * a temporary folder for libraries, and the two runs most tests start with.
 */
public abstract class JobTest extends DatabaseTest {

    @Autowired
    protected JobRunner runner;
    @Autowired
    protected Job importJob;
    @Autowired
    protected Job analyzeJob;

    @TempDir
    protected Path tmp;

    /** Imports these folders as {@code midicrate import} does, to the end. */
    protected JobExecution importLibrary(Path... roots) throws Exception {
        return runner.start(importJob, ImportJobConfig.parameters(List.of(roots).stream().map(Path::toAbsolutePath).toList()));
    }

    /** Analyses every imported content not analysed yet, as {@code midicrate analyze} does, to the end. */
    protected JobExecution analyze() throws Exception {
        return runner.start(analyzeJob, AnalyzeJobConfig.parameters(false));
    }

    /** A count (or any one number) the database answers. */
    protected long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
