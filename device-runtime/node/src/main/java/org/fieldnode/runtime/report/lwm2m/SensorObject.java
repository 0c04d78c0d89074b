// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.util.List;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.fieldnode.drivers.api.Channel;

/**
 * The one table of how a node's readings appear on an LwM2M server: each quantity is an IPSO Smart Object of the OMA
 * LwM2M registry (object version 1.1), and each series ({@code env0/temperature}) is one instance of it, named by
 * its Application Type. The same table is in {@code device-runtime/node/LWM2M.md}; {@link #of} is a switch without a
 * default, so a new {@link Channel} does not compile until it is placed here.
 *
 * <p>Every object here shares the IPSO sensor resources (IPSO Smart Objects Guideline, the "Sensor" template) that
 * {@link SensorInstance} serves:
 *
 * <pre>
 * 5700 Sensor Value                  R  Float   the latest reading, in the series' SenML unit
 * 5701 Sensor Units                  R  String  the SenML unit (RFC 8428 §12.1): Cel, %RH, Pa, lx, V, A, W, ppm, ...
 * 5601 Min Measured Value            R  Float   the least value since start or the last reset
 * 5602 Max Measured Value            R  Float   the greatest value since start or the last reset
 * 5605 Reset Min and Max Measured    E          sets both to the latest value
 * 5750 Application Type              RW String  the series name, e.g. env0/temperature (health/... for the node's own)
 * 5518 Timestamp                     R  Time    when the latest reading was observed
 * </pre>
 *
 * The models are built here, in code, from these seven resources instead of being parsed from the registry's XML at
 * every start; {@code SensorObjectTest} checks them against the OMA definitions resource by resource.
 */
public enum SensorObject {
    /** Anything without an object of its own: soil moisture, rain, wind speed, flow, counts, the node's health. */
    GENERIC(3300, "Generic Sensor"),
    ILLUMINANCE(3301, "Illuminance"),
    TEMPERATURE(3303, "Temperature"),
    HUMIDITY(3304, "Humidity"),
    BAROMETER(3315, "Barometer"),
    VOLTAGE(3316, "Voltage"),
    CURRENT(3317, "Current"),
    /** CO2 in ppm, particulate matter in ug/m3 (the unit resource tells them apart). */
    CONCENTRATION(3325, "Concentration"),
    POWER(3328, "Power"),
    /** Distance and water level, in m. */
    DISTANCE(3330, "Distance");

    public static final int SENSOR_VALUE = 5700;
    public static final int SENSOR_UNITS = 5701;
    public static final int MIN_MEASURED = 5601;
    public static final int MAX_MEASURED = 5602;
    public static final int RESET_MIN_MAX = 5605;
    public static final int APPLICATION_TYPE = 5750;
    public static final int TIMESTAMP = 5518;

    /** The registry's version of these objects. */
    static final String OBJECT_VERSION = "1.1";

    private final int id;
    private final String objectName;

    SensorObject(int id, String objectName) {
        this.id = id;
        this.objectName = objectName;
    }

    /** The object that carries {@code channel}'s readings. */
    public static SensorObject of(Channel channel) {
        return switch (channel) {
            case AMBIENT_TEMPERATURE -> TEMPERATURE;
            case RELATIVE_HUMIDITY -> HUMIDITY;
            case PRESSURE -> BAROMETER;
            case ILLUMINANCE -> ILLUMINANCE;
            case VOLTAGE -> VOLTAGE;
            case CURRENT -> CURRENT;
            case POWER -> POWER;
            case CO2, PM1, PM2_5, PM10 -> CONCENTRATION;
            case DISTANCE, WATER_LEVEL -> DISTANCE;
            case RAIN,
                    WIND_SPEED,
                    FLOW,
                    SOIL_MOISTURE,
                    CONDUCTIVITY,
                    MASS,
                    BATTERY,
                    COUNT,
                    QUEUED,
                    DROPPED,
                    STATE,
                    UPTIME,
                    STORAGE_FREE,
                    DELIVERY,
                    UNDELIVERED,
                    REPORT_INTERVAL,
                    CONTACT,
                    RAIN_TOTAL,
                    // health texts: never sent over LwM2M (the Device object has the version), mapped for totality
                    SOFTWARE,
                    PROFILE,
                    PLACE -> GENERIC;
        };
    }

    /** The LwM2M object id, e.g. 3303. */
    public int id() {
        return id;
    }

    /**
     * The models of every object of this table, as the node serves them, for a server that has no OMA registry at
     * hand (the demo's in-process Leshan server); the tests decode with the registry's own definitions instead.
     */
    public static List<ObjectModel> models() {
        return java.util.Arrays.stream(values()).map(SensorObject::model).toList();
    }

    /** The object's model as the node serves it: the seven resources above, multiple instances. */
    ObjectModel model() {
        return new ObjectModel(
                id,
                objectName,
                "IPSO " + objectName + " (fieldnode serves resources 5700, 5701, 5601, 5602, 5605, 5750, 5518)",
                OBJECT_VERSION,
                true,
                false,
                List.of(
                        resource(SENSOR_VALUE, "Sensor Value", Operations.R, true, Type.FLOAT),
                        resource(SENSOR_UNITS, "Sensor Units", Operations.R, false, Type.STRING),
                        resource(MIN_MEASURED, "Min Measured Value", Operations.R, false, Type.FLOAT),
                        resource(MAX_MEASURED, "Max Measured Value", Operations.R, false, Type.FLOAT),
                        resource(RESET_MIN_MAX, "Reset Min and Max Measured Values", Operations.E, false, Type.NONE),
                        resource(APPLICATION_TYPE, "Application Type", Operations.RW, false, Type.STRING),
                        resource(TIMESTAMP, "Timestamp", Operations.R, false, Type.TIME)),
                "urn:oma:lwm2m:ext:" + id + ":" + OBJECT_VERSION,
                "1.0",
                "");
    }

    private static ResourceModel resource(int id, String name, Operations operations, boolean mandatory, Type type) {
        return new ResourceModel(id, name, operations, false, mandatory, type, "", "", "");
    }
}
