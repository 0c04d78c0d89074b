// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The durable queue's parts keep to their jobs (see {@link DurableReadingQueue}): the segment log knows bytes and
 * segment files, never readings or records; delivery never reaches into the write side.
 */
@AnalyzeClasses(packages = "org.fieldnode.runtime.store", importOptions = ImportOption.DoNotIncludeTests.class)
class QueuePartsTest {
    private static final String STORE = "org.fieldnode.runtime.store.";

    @ArchTest
    static final ArchRule segmentLogKnowsBytesOnly = noClasses()
            .that()
            .haveNameMatching(STORE.replace(".", "\\.") + "Segment(Log)?(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .haveNameMatching(STORE.replace(".", "\\.")
                    + "(RecordCodec|DeliveryCursor|Appender|MetadataWriter|QueueMetadata|ChannelCodes)(\\$.*)?")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("org.fieldnode.runtime.pipeline..");

    @ArchTest
    static final ArchRule deliveryDoesNotKnowTheWriteSide = noClasses()
            .that()
            .haveNameMatching(STORE.replace(".", "\\.") + "(DeliveryCursor|MetadataWriter)(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(STORE + "Appender");
}
