// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import static org.fieldnode.runtime.report.lwm2m.SensorObject.APPLICATION_TYPE;
import static org.fieldnode.runtime.report.lwm2m.SensorObject.MAX_MEASURED;
import static org.fieldnode.runtime.report.lwm2m.SensorObject.MIN_MEASURED;
import static org.fieldnode.runtime.report.lwm2m.SensorObject.RESET_MIN_MAX;
import static org.fieldnode.runtime.report.lwm2m.SensorObject.SENSOR_UNITS;
import static org.fieldnode.runtime.report.lwm2m.SensorObject.SENSOR_VALUE;
import static org.fieldnode.runtime.report.lwm2m.SensorObject.TIMESTAMP;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * One series as an instance of its IPSO object ({@link SensorObject}): the latest value with its unit and time, the
 * least and greatest since start or reset. Every new value fires a resource change, so an observing server gets it
 * as its write-attributes ({@code pmin}, {@code pmax}, {@code gt}, {@code lt}, {@code st}) allow. Thread-safe: values
 * come from the sampling threads, reads from Leshan's.
 */
final class SensorInstance extends BaseInstanceEnabler {
    private static final List<Integer> RESOURCES =
            List.of(TIMESTAMP, MIN_MEASURED, MAX_MEASURED, RESET_MIN_MAX, SENSOR_VALUE, SENSOR_UNITS, APPLICATION_TYPE);

    private final String unit;
    private String applicationType;
    private Double value;
    private double min;
    private double max;
    private Instant observedAt;

    /**
     * @param series the series name, served as Application Type (5750)
     * @param unit the SenML unit, served as Sensor Units (5701)
     */
    SensorInstance(int instanceId, String series, String unit) {
        super(instanceId);
        this.applicationType = series;
        this.unit = unit;
    }

    /** A new reading: the latest value, its time, and min/max; observers hear of what changed. */
    void update(double newValue, Instant at) {
        boolean extremes;
        synchronized (this) {
            if (value == null) {
                min = newValue;
                max = newValue;
                extremes = true;
            } else {
                extremes = newValue < min || newValue > max;
                min = Math.min(min, newValue);
                max = Math.max(max, newValue);
            }
            value = newValue;
            observedAt = at;
        }
        if (extremes) {
            fireResourcesChange(getResourcePaths(SENSOR_VALUE, TIMESTAMP, MIN_MEASURED, MAX_MEASURED));
        } else {
            fireResourcesChange(getResourcePaths(SENSOR_VALUE, TIMESTAMP));
        }
    }

    /** The latest value, if any reading came yet. */
    synchronized Double value() {
        return value;
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case SENSOR_UNITS -> ReadResponse.success(resourceId, unit);
            case APPLICATION_TYPE -> ReadResponse.success(resourceId, applicationType);
            case SENSOR_VALUE -> value == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, value);
            case MIN_MEASURED -> value == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, min);
            case MAX_MEASURED -> value == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, max);
            case TIMESTAMP ->
                value == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, Date.from(observedAt));
            default -> super.read(server, resourceId);
        };
    }

    /** Application Type is the one writable resource: a platform may label the series its own way. */
    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource resource) {
        if (resourceId != APPLICATION_TYPE) {
            return super.write(server, replace, resourceId, resource);
        }
        synchronized (this) {
            applicationType = String.valueOf(resource.getValue());
        }
        fireResourceChange(APPLICATION_TYPE);
        return WriteResponse.success();
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != RESET_MIN_MAX) {
            return super.execute(server, resourceId, arguments);
        }
        synchronized (this) {
            if (value != null) {
                min = value;
                max = value;
            }
        }
        fireResourcesChange(getResourcePaths(MIN_MEASURED, MAX_MEASURED));
        return ExecuteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
