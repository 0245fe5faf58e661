package io.healthgate.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of DESIGN.md, checked on every build so they hold as the code grows. */
@AnalyzeClasses(packages = "io.healthgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenFeatures =
            slices().matching("io.healthgate.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule vertxOnlyAtTheEdges = noClasses()
            .that().resideOutsideOfPackages("io.healthgate.api..", "io.healthgate.providers..", "io.healthgate.proxy..",
                    "io.healthgate.simulator..", "io.healthgate.store..", "io.healthgate.app..")
            .should().dependOnClassesThat().resideInAPackage("io.vertx..")
            .because("DESIGN.md: only api, providers, proxy, simulator, store and app import io.vertx");

    @ArchTest
    static final ArchRule nothingImportsCli = noClasses()
            .that().resideOutsideOfPackage("io.healthgate.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.healthgate.cli..")
            .because("the command line sits on top and delegates");

    @ArchTest
    static final ArchRule onlyTheCompositionRootImportsApi = noClasses()
            .that().resideOutsideOfPackages("io.healthgate.api..", "io.healthgate.app..")
            .should().dependOnClassesThat().resideInAPackage("io.healthgate.api..")
            .because("HTTP sits on top; only the composition root wires it");

    @ArchTest
    static final ArchRule noFeatureImportsStore = noClasses()
            .that().resideOutsideOfPackages("io.healthgate.store..", "io.healthgate.app..")
            .should().dependOnClassesThat().resideInAPackage("io.healthgate.store..")
            .because("features define ports (HealthStore, AlertSink); store implements them; app wires them");

    @ArchTest
    static final ArchRule featuresNeverImportConfig = noClasses()
            .that().resideInAnyPackage("io.healthgate.alerting..", "io.healthgate.audit..", "io.healthgate.catalog..",
                    "io.healthgate.cleanup..", "io.healthgate.health..", "io.healthgate.routing..", "io.healthgate.proxy..",
                    "io.healthgate.providers..", "io.healthgate.store..", "io.healthgate.simulator..", "io.healthgate.api..")
            .should().dependOnClassesThat().resideInAPackage("io.healthgate.config..")
            .because("each feature owns its settings record (defaults and rules); config reads the file into them, never the other way");
}
