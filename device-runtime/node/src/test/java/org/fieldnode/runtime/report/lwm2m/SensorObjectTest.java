// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;

/**
 * The node's own object models ({@link SensorObject}) against the OMA registry's definitions (test resources
 * {@code oma-models/}), resource by resource, and the one mapping table against the docs (LWM2M.md).
 */
class SensorObjectTest {
    private static final Map<Integer, ObjectModel> OMA = LeshanTestServer.omaModels().stream()
            .collect(Collectors.toMap(
                    m -> m.id, Function.identity(), (a, b) -> a.version.compareTo(b.version) >= 0 ? a : b));

    @Test
    void everyServedResource_matchesTheOmaDefinition_inIdNameOperationsAndType() {
        for (SensorObject object : SensorObject.values()) {
            ObjectModel oma = OMA.get(object.id());
            assertThat(oma).as("OMA model of " + object).isNotNull();
            ObjectModel ours = object.model();
            assertThat(ours.name).isEqualTo(oma.name);
            assertThat(ours.multiple).isEqualTo(oma.multiple);
            for (ResourceModel resource : ours.resources.values()) {
                ResourceModel registry = oma.resources.get(resource.id);
                assertThat(registry).as(object + " resource " + resource.id).isNotNull();
                assertThat(resource.name).as(object + "/" + resource.id).isEqualTo(registry.name);
                assertThat(resource.operations).as(object + "/" + resource.id).isEqualTo(registry.operations);
                assertThat(resource.type).as(object + "/" + resource.id).isEqualTo(registry.type);
                assertThat(resource.multiple).as(object + "/" + resource.id).isEqualTo(registry.multiple);
            }
        }
    }

    @Test
    void everyChannel_hasAnObject_andTheTableInTheDocsNamesEveryObject() throws Exception {
        EnumSet<SensorObject> used = EnumSet.noneOf(SensorObject.class);
        Arrays.stream(Channel.values()).map(SensorObject::of).forEach(used::add);
        assertThat(used).containsExactlyInAnyOrder(SensorObject.values());
        assertThat(SensorObject.of(Channel.AMBIENT_TEMPERATURE)).isEqualTo(SensorObject.TEMPERATURE);
        assertThat(SensorObject.of(Channel.SOIL_MOISTURE)).isEqualTo(SensorObject.GENERIC);

        String docs = Files.readString(Path.of("LWM2M.md"));
        for (SensorObject object : SensorObject.values()) {
            assertThat(docs).as(object.toString()).containsPattern("\\| " + object.id() + " \\| [A-Z]");
        }
    }
}
