// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The runtime's layering (ARCHITECTURE.md, rules 2 and 3): sampling, pipeline, store and config are transport-neutral
 * and hardware-neutral, so another transport is a new package and simulators stay out of production paths.
 */
@AnalyzeClasses(packages = "org.fieldnode.runtime", importOptions = ImportOption.DoNotIncludeTests.class)
class RuntimeLayeringTest {
    private static final String[] CORE = {
        "..runtime.config..", "..runtime.sampling..", "..runtime.pipeline..", "..runtime.store.."
    };

    @ArchTest
    static final ArchRule coreIsTransportNeutral = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..runtime.report.coap..",
                    "..runtime.report.lwm2m..",
                    "..protocol.senml..",
                    "org.eclipse.californium..",
                    "org.eclipse.leshan..");

    @ArchTest
    static final ArchRule deliveryDoesNotKnowItsTransport = noClasses()
            .that()
            .resideInAPackage("org.fieldnode.runtime.report")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..runtime.report.coap..",
                    "..runtime.report.lwm2m..",
                    "org.eclipse.californium..",
                    "org.eclipse.leshan..");

    @ArchTest
    static final ArchRule coreNeverTouchesSimulatorsOrPi4j = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..drivers.sim..", "..drivers.bus.pi4j..", "com.pi4j..");

    @ArchTest
    static final ArchRule nothingDependsOnExamples = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.fieldnode.collector..", "org.fieldnode.demo..");

    /** Results go to the command's own writer, diagnostics to tinylog; never straight to System.out/err. */
    @ArchTest
    static final ArchRule noStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("org.fieldnode.runtime.(*)..").should().beFreeOfCycles();
}
