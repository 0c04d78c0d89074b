// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.runtime.pipeline.Reading;

/**
 * The LwM2M Device object (3, instance 0) of a node:
 *
 * <pre>
 *  0 Manufacturer        the board's vendor (raspberrypi for raspberrypi,4b), fieldnode on a simulated board
 *  1 Model Number        the board's model (4b), or simulated
 *  2 Serial Number       the opaque node id (SECURITY R1, R22: never a hardware serial)
 *  4 Reboot              refused (4.05): the node restarts as a service, not on a server's word
 *  9 Battery Level       the latest battery reading of any sensor (%EL), 0..100
 * 10 Memory Free         the free space where the node keeps its queue (health/storage_free), in KiB
 * 11 Error Code          0 no error; 7 IP connectivity failure while the node cannot deliver (health/delivery);
 *                        5 out of memory once readings were dropped for space (health/dropped rose);
 *                        8 peripheral malfunction while DEGRADED for another reason (a sensor fails);
 *                        1 low battery power at 10 % or less
 * 13 Current Time        the node's clock (set by NTP; a write is refused)
 * 16 Supported Binding   U (UDP)
 * 19 Software Version    fieldnode's version
 * </pre>
 *
 * The health values come from the node's own health readings as they are queued ({@link #offer}). Thread-safe.
 */
final class DeviceInstance extends BaseInstanceEnabler {
    static final int MANUFACTURER = 0;
    static final int MODEL_NUMBER = 1;
    static final int SERIAL_NUMBER = 2;
    static final int REBOOT = 4;
    static final int BATTERY_LEVEL = 9;
    static final int MEMORY_FREE = 10;
    static final int ERROR_CODE = 11;
    static final int CURRENT_TIME = 13;
    static final int SUPPORTED_BINDING = 16;
    static final int SOFTWARE_VERSION = 19;

    static final long NO_ERROR = 0;
    static final long LOW_BATTERY = 1;
    static final long OUT_OF_MEMORY = 5;
    static final long IP_CONNECTIVITY_FAILURE = 7;
    static final long PERIPHERAL_MALFUNCTION = 8;

    private static final int LOW_BATTERY_PERCENT = 10;
    private static final List<Integer> RESOURCES = List.of(
            MANUFACTURER,
            MODEL_NUMBER,
            SERIAL_NUMBER,
            REBOOT,
            BATTERY_LEVEL,
            MEMORY_FREE,
            ERROR_CODE,
            CURRENT_TIME,
            SUPPORTED_BINDING,
            SOFTWARE_VERSION);

    private final Lwm2mSettings.DeviceDescription description;
    private final InstantSource clock;
    private Long batteryPercent;
    private Long memoryFreeKib;
    private boolean cannotDeliver;
    private boolean degraded;
    private Double droppedAtStart;
    private boolean dropping;

    DeviceInstance(Lwm2mSettings.DeviceDescription description, InstantSource clock) {
        super(0);
        this.description = description;
        this.clock = clock;
    }

    /** Takes what the Device object shows from {@code reading}, if anything. */
    void offer(Reading reading) {
        int changed;
        synchronized (this) {
            changed = take(reading);
        }
        if (changed >= 0) {
            fireResourceChange(changed);
        }
    }

    /** @return the resource that changed, or -1 */
    private int take(Reading r) {
        if (r.channel() == Channel.BATTERY) {
            batteryPercent = Math.max(0, Math.min(100, Math.round(r.value())));
            return BATTERY_LEVEL;
        }
        if (!r.sensorId().equals(SeriesNames.HEALTH_SENSOR)) {
            return -1;
        }
        switch (r.channel()) {
            case STORAGE_FREE -> {
                memoryFreeKib = (long) (r.value() / 1024);
                return MEMORY_FREE;
            }
            case DELIVERY -> cannotDeliver = r.value() != 0;
            case STATE -> degraded = r.value() != 0;
            case DROPPED -> {
                if (droppedAtStart == null) {
                    droppedAtStart = r.value();
                }
                dropping = r.value() > droppedAtStart;
            }
            default -> {
                return -1;
            }
        }
        return ERROR_CODE;
    }

    /** The error codes now, as resource 11 lists them (at least one: 0 for none). */
    synchronized Map<Integer, Long> errorCodes() {
        Map<Integer, Long> codes = new TreeMap<>();
        if (cannotDeliver) {
            codes.put(codes.size(), IP_CONNECTIVITY_FAILURE);
        }
        if (dropping) {
            codes.put(codes.size(), OUT_OF_MEMORY);
        }
        if (degraded && codes.isEmpty()) {
            codes.put(codes.size(), PERIPHERAL_MALFUNCTION);
        }
        if (batteryPercent != null && batteryPercent <= LOW_BATTERY_PERCENT) {
            codes.put(codes.size(), LOW_BATTERY);
        }
        if (codes.isEmpty()) {
            codes.put(0, NO_ERROR);
        }
        return codes;
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case MANUFACTURER -> ReadResponse.success(resourceId, description.manufacturer());
            case MODEL_NUMBER -> ReadResponse.success(resourceId, description.model());
            case SERIAL_NUMBER -> ReadResponse.success(resourceId, description.serial());
            case SOFTWARE_VERSION -> ReadResponse.success(resourceId, description.softwareVersion());
            case BATTERY_LEVEL ->
                batteryPercent == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, batteryPercent);
            case MEMORY_FREE ->
                memoryFreeKib == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, memoryFreeKib);
            case ERROR_CODE -> ReadResponse.success(resourceId, errorCodes(), Type.INTEGER);
            case CURRENT_TIME -> ReadResponse.success(resourceId, Date.from(clock.instant()));
            case SUPPORTED_BINDING -> ReadResponse.success(resourceId, "U");
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == CURRENT_TIME) {
            return WriteResponse.badRequest("the node keeps its clock with NTP");
        }
        return super.write(server, replace, resourceId, value);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == REBOOT) {
            return ExecuteResponse.methodNotAllowed();
        }
        return super.execute(server, resourceId, arguments);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
