// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The driver is built only against the public driver API (the JDK, the API and the bus ports) and never sees its
 * simulator, which the jar ships in {@code sim} for simulated buses only.
 */
@AnalyzeClasses(packages = "org.fieldnode.example", importOptions = DoNotIncludeTests.class)
class PublicApiOnlyTest {
    @ArchTest
    static final ArchRule onlyThePublicDriverApi = classes()
            .that()
            .resideOutsideOfPackage("..tmp117.sim..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..", "org.fieldnode.drivers.api", "org.fieldnode.drivers.bus", "org.fieldnode.example.tmp117");

    @ArchTest
    static final ArchRule theDriverNeverSeesItsSimulator = noClasses()
            .that()
            .resideOutsideOfPackage("..tmp117.sim..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..tmp117.sim..", "org.fieldnode.drivers.sim..");
}
