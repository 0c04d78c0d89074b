// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Duration;

/** The dependency rules of ARCHITECTURE.md that concern the drivers module. */
@AnalyzeClasses(packages = "org.fieldnode.drivers", importOptions = DoNotIncludeTests.class)
class DriversArchitectureTest {
    /**
     * The API sees only the JDK, tinylog, and the bus ports: {@code SensorDriverFactory.open} takes a
     * {@code BusProvider} and a {@code Sleeper}, so {@code drivers.bus} (but none of its implementations) is part
     * of the driver SPI.
     */
    @ArchTest
    static final ArchRule apiImportsOnlyJdkAndBusPorts = classes()
            .that()
            .resideInAPackage("org.fieldnode.drivers.api..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.tinylog..", "org.fieldnode.drivers.api..", "org.fieldnode.drivers.bus");

    @ArchTest
    static final ArchRule pi4jStaysInItsAdapter = noClasses()
            .that()
            .resideOutsideOfPackage("..drivers.bus.pi4j..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.pi4j..");

    @ArchTest
    static final ArchRule driversAreALeaf = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.fieldnode.runtime..",
                    "org.fieldnode.security..",
                    "org.fieldnode.examples..",
                    "org.fieldnode.collector..",
                    "org.eclipse.californium..");

    @ArchTest
    static final ArchRule productionDriversDoNotKnowSimulators = noClasses()
            .that()
            .resideInAPackage("..drivers.sensor..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..drivers.sim..");

    /**
     * No cycles between the packages below {@code org.fieldnode.drivers}. The skeleton's api and bus ports refer
     * to each other ({@code SensorDriverFactory} takes a {@code BusProvider}, bus methods throw
     * {@code DeviceException}); together they form the driver SPI, so that one edge is not counted.
     */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.fieldnode.drivers.(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(
                    resideInAPackage("org.fieldnode.drivers.bus"), resideInAPackage("org.fieldnode.drivers.api"));

    @ArchTest
    static final ArchRule driversAndSimulatorsNeverCallThreadSleep = noClasses()
            .that()
            .resideInAnyPackage("..drivers.sensor..", "..drivers.sim..")
            .should()
            .callMethod(Thread.class, "sleep", long.class)
            .orShould()
            .callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould()
            .callMethod(Thread.class, "sleep", Duration.class);

    @ArchTest
    static final ArchRule noSystemOut =
            noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err");
}
