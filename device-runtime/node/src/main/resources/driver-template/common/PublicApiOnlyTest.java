package @PACKAGE@;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The driver uses only fieldnode's public driver API (the JDK, {@code drivers.api} and the bus ports of
 * {@code drivers.bus}), and never its simulator: a node loads the simulator only for a simulated bus.
 */
@AnalyzeClasses(packages = "@PACKAGE@", importOptions = DoNotIncludeTests.class)
class PublicApiOnlyTest {
    @ArchTest
    static final ArchRule driverUsesThePublicApiOnly = classes()
            .that()
            .resideOutsideOfPackage("@PACKAGE@.sim..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.fieldnode.drivers.api", "org.fieldnode.drivers.bus", "@PACKAGE@");

    @ArchTest
    static final ArchRule driverNeverSeesItsSimulator = noClasses()
            .that()
            .resideOutsideOfPackage("@PACKAGE@.sim..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("@PACKAGE@.sim..", "org.fieldnode.drivers.sim..");
}
