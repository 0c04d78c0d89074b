// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The floor is bare: the client and server fieldnode is measured against use Californium and Scandium alone (the
 * server borrows only the collector's Californium settings, so that both servers are sized alike). The shared
 * bench types know none of the parts.
 */
@AnalyzeClasses(packages = "org.fieldnode.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchmarksArchitectureTest {
    @ArchTest
    static final ArchRule theFloorIsBare = noClasses()
            .that()
            .resideInAPackage("org.fieldnode.benchmarks.floor..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.fieldnode.runtime..",
                    "org.fieldnode.drivers..",
                    "org.fieldnode.security..",
                    "org.fieldnode.demo..",
                    "org.fieldnode.benchmarks.cli..",
                    "org.fieldnode.benchmarks.node..",
                    "org.fieldnode.benchmarks.wire..",
                    "org.fieldnode.benchmarks.collector..",
                    "org.fieldnode.benchmarks.jmh..");

    @ArchTest
    static final ArchRule sharedTypesKnowNoPart = noClasses()
            .that()
            .resideInAPackage("org.fieldnode.benchmarks")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.fieldnode.benchmarks.(*)..");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("org.fieldnode.benchmarks.(*)..").should().beFreeOfCycles();
}
