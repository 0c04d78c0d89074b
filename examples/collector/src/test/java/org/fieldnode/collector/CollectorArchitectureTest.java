// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The collector speaks to nodes through the wire contract ({@code org.fieldnode.protocol}) and shares only the
 * command-line plumbing ({@code org.fieldnode.cli}) and {@code security} with them: it never depends on the node
 * runtime or the drivers, so its package carries neither (CollectorPackageIT) and the node can change inside
 * without the collector noticing.
 */
@AnalyzeClasses(packages = "org.fieldnode.collector", importOptions = ImportOption.DoNotIncludeTests.class)
class CollectorArchitectureTest {
    @ArchTest
    static final ArchRule neverTheNodeRuntimeOrTheDrivers = noClasses()
            .that()
            .resideInAPackage("org.fieldnode.collector..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.fieldnode.runtime..", "org.fieldnode.drivers..", "com.pi4j..", "org.snakeyaml..");
}
