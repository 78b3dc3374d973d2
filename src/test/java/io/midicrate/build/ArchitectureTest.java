package io.midicrate.build;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of docs/architecture.md, as rules: a package uses its own layer and the layers below, never one above;
 * no two packages depend on each other, directly or round a cycle; the parser and the musical analysis use no Spring,
 * so they can be benchmarked and tested alone.
 */
class ArchitectureTest {

    static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.midicrate");
    }

    @Test
    void layersOnlyPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry").definedBy("io.midicrate", "io.midicrate.cli..", "io.midicrate.web..",
                        "io.midicrate.serve..", "io.midicrate.bench..")
                .layer("Jobs").definedBy("io.midicrate.importjob..", "io.midicrate.analyzejob..",
                        "io.midicrate.reprocessjob..", "io.midicrate.dupes..", "io.midicrate.export..",
                        "io.midicrate.remote..")
                .layer("JobInfrastructure").definedBy("io.midicrate.batch..")
                .layer("Data").definedBy("io.midicrate.query..", "io.midicrate.store..", "io.midicrate.db..",
                        "io.midicrate.config..")
                .layer("Domain").definedBy("io.midicrate.analysis..", "io.midicrate.smf..", "io.midicrate.names..",
                        "io.midicrate.library..", "io.midicrate.audition..")
                .layer("Kernel").definedBy("io.midicrate.common..")
                .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Entry")
                .whereLayer("JobInfrastructure").mayOnlyBeAccessedByLayers("Entry", "Jobs")
                .whereLayer("Data").mayOnlyBeAccessedByLayers("Entry", "Jobs", "JobInfrastructure")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Entry", "Jobs", "JobInfrastructure", "Data")
                .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.midicrate.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void parserAndAnalysisUseNoSpring() {
        noClasses().that().resideInAnyPackage("io.midicrate.smf..", "io.midicrate.analysis..", "io.midicrate.names..",
                        "io.midicrate.library..", "io.midicrate.audition..", "io.midicrate.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(main);
    }
}
