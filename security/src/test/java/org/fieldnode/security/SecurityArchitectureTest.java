// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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

    /**
     * The retry policy (SECURITY R38) is shared by enrolment, the node's delivery and sensor re-open and the
     * collector's load test: it ties none of them to the rest of {@code security}.
     */
    @ArchTest
    static final ArchRule retryNeedsOnlyTheJdk = classes()
            .that()
            .resideInAPackage("org.fieldnode.security.retry..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.fieldnode.security.retry..");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("org.fieldnode.security.(*)..").should().beFreeOfCycles();
}
