// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The wire contract is one small jar that any platform can take: it knows nothing but the JDK (no Californium, no
 * Pi4J, no YAML, no picocli, none of the node's or the drivers' types), and its packages form no cycle.
 */
@AnalyzeClasses(packages = "org.fieldnode.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {
    @ArchTest
    static final ArchRule onlyTheJdk = noClasses()
            .that()
            .resideInAPackage("org.fieldnode.protocol..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("java..", "org.fieldnode.protocol..");

    @ArchTest
    static final ArchRule noStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("org.fieldnode.protocol.(*)..").should().beFreeOfCycles();
}
