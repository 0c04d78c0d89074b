// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The store boundary: the collector works on its store interfaces ({@link ReadingStore}, {@link DesiredConfigs},
 * {@code ca.EnrolmentRecords}); only the store packages ({@code sqlite}, {@code postgresql}, and {@code jdbc} for
 * the statements they share) know SQL, only {@code
 * sqlite} knows SQLite's driver, and only the wiring that opens a data directory names them.
 */
@AnalyzeClasses(packages = "org.fieldnode.collector", importOptions = ImportOption.DoNotIncludeTests.class)
class StoreBoundaryTest {
    @ArchTest
    static final ArchRule onlyTheStorePackagesKnowSql = noClasses()
            .that()
            .resideOutsideOfPackages("..collector.sqlite..", "..collector.postgresql..", "..collector.jdbc..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "org.sqlite..", "org.postgresql..");

    @ArchTest
    static final ArchRule onlyTheSqlitePackageKnowsSqlite = noClasses()
            .that()
            .resideOutsideOfPackage("..collector.sqlite..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.sqlite..");

    @ArchTest
    static final ArchRule onlyTheWiringOpensTheSqliteStore = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "..collector.sqlite..", "..collector.cli..", "..collector.loadtest..", "..collector.est..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..collector.sqlite..");

    @ArchTest
    static final ArchRule theStoreKnowsNoneOfItsUsers = noClasses()
            .that()
            .resideInAnyPackage("..collector.sqlite..", "..collector.postgresql..", "..collector.jdbc..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..collector.cli..",
                    "..collector.est..",
                    "..collector.web..",
                    "..collector.export..",
                    "..collector.loadtest..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("org.fieldnode.collector.(*)..").should().beFreeOfCycles();
}
