package com.bulkcancel;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages depend on each other in one direction: the application (the root package) on the job, the job on
 * the report, the provider and the metrics, those on the input and the outcome table; launch (what the command was started
 * with) and outcomes depend on nothing of ours, input on outcomes only. Main code only: tests may reach anywhere.
 */
@AnalyzeClasses(packages = "com.bulkcancel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("com.bulkcancel.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layersPointOneWay = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Application")
            .definedBy("com.bulkcancel")
            .layer("Job")
            .definedBy("com.bulkcancel.job..")
            .layer("Report")
            .definedBy("com.bulkcancel.report..")
            .layer("Provider")
            .definedBy("com.bulkcancel.provider..")
            .layer("Input")
            .definedBy("com.bulkcancel.input..")
            .layer("Outcomes")
            .definedBy("com.bulkcancel.outcomes..")
            .layer("Launch")
            .definedBy("com.bulkcancel.launch..")
            .layer("Metrics")
            .definedBy("com.bulkcancel.metrics..")
            .whereLayer("Application")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Job")
            .mayOnlyBeAccessedByLayers("Application")
            .whereLayer("Report")
            .mayOnlyBeAccessedByLayers("Application", "Job")
            .whereLayer("Provider")
            .mayOnlyBeAccessedByLayers("Application", "Job")
            .whereLayer("Input")
            .mayOnlyBeAccessedByLayers("Application", "Job", "Report", "Provider")
            .whereLayer("Outcomes")
            .mayOnlyBeAccessedByLayers("Application", "Job", "Report", "Provider", "Input", "Metrics")
            .whereLayer("Metrics")
            .mayOnlyBeAccessedByLayers("Application", "Job")
            .whereLayer("Launch")
            .mayOnlyBeAccessedByLayers("Application", "Job", "Report", "Provider", "Input");

    @ArchTest
    static final ArchRule outcomesDependOnNothingOfOurs = dependsOnlyOnItself("com.bulkcancel.outcomes..");

    @ArchTest
    static final ArchRule launchDependsOnNothingOfOurs = dependsOnlyOnItself("com.bulkcancel.launch..");

    @ArchTest
    static final ArchRule inputDependsOnOutcomesOnly = noClasses()
            .that()
            .resideInAPackage("com.bulkcancel.input..")
            .should()
            .dependOnClassesThat(resideInAPackage("com.bulkcancel..")
                    .and(not(resideInAnyPackage("com.bulkcancel.input..", "com.bulkcancel.outcomes.."))));

    private static ArchRule dependsOnlyOnItself(String pkg) {
        return noClasses()
                .that()
                .resideInAPackage(pkg)
                .should()
                .dependOnClassesThat(resideInAPackage("com.bulkcancel..").and(not(resideInAPackage(pkg))));
    }
}
