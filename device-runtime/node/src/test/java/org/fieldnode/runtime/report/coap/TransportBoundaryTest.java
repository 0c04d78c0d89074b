// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The transport boundary of ARCHITECTURE.md, rule 3: only the transports (the CoAP reporter, the LwM2M client) and the
 * app wiring know Californium, and only the LwM2M client knows Leshan. (The SenML codec, which knows nothing but the
 * JDK, is in the protocol module: ProtocolArchitectureTest.)
 */
@AnalyzeClasses(packages = "org.fieldnode.runtime", importOptions = ImportOption.DoNotIncludeTests.class)
class TransportBoundaryTest {
    @ArchTest
    static final ArchRule californiumStaysInTheTransports = noClasses()
            .that()
            .resideOutsideOfPackages("..runtime.report.coap..", "..runtime.report.lwm2m..", "..runtime.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.californium..");

    @ArchTest
    static final ArchRule leshanStaysInTheLwm2mTransport = noClasses()
            .that()
            .resideOutsideOfPackage("..runtime.report.lwm2m..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.leshan..");

    /**
     * One class opens the LwM2M transport, reached only when a profile asks for it, so that a node on the CoAP
     * reporter never loads Leshan (Lwm2mClassLoadingIT checks the running JVM).
     */
    @ArchTest
    static final ArchRule onlyTheLwm2mWiringOpensTheLwm2mTransport = noClasses()
            .that()
            .resideOutsideOfPackage("..runtime.report.lwm2m..")
            .and()
            .doNotHaveFullyQualifiedName("org.fieldnode.runtime.app.Lwm2mWiring")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..runtime.report.lwm2m..");

    /** The CoAP reporter knows nothing of the LwM2M client (the LwM2M client may reuse its DTLS pieces). */
    @ArchTest
    static final ArchRule coapTransportDoesNotKnowLwm2m = noClasses()
            .that()
            .resideInAPackage("..runtime.report.coap..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..runtime.report.lwm2m..", "org.eclipse.leshan..");
}
