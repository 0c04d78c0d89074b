// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The security module is a leaf (ARCHITECTURE.md, dependency rule 1). */
@AnalyzeClasses(packages = "org.fieldnode.security", importOptions = ImportOption.DoNotIncludeTests.class)
class SecurityArchitectureTest {
    @ArchTest
    static final ArchRule isALeaf = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.fieldnode.drivers..",
                    "org.fieldnode.runtime..",
                    "org.fieldnode.collector..",
                    "org.fieldnode.demo..",
                    "org.eclipse.californium..",
                    "com.pi4j..");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("org.fieldnode.security.(*)..").should().beFreeOfCycles();
}
