// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The transport boundary of STYLE.md (a) rule 3: only the CoAP transport and the app wiring know Californium. (The
 * SenML codec, which knows nothing but the JDK, is in the protocol module: ProtocolArchitectureTest.)
 */
@AnalyzeClasses(packages = "org.fieldnode.runtime", importOptions = ImportOption.DoNotIncludeTests.class)
class TransportBoundaryTest {
    @ArchTest
    static final ArchRule californiumStaysInTheCoapTransport = noClasses()
            .that()
            .resideOutsideOfPackages("..runtime.report.coap..", "..runtime.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.californium..");
}
