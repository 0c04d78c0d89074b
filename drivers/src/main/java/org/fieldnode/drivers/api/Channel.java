// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/**
 * A measurable quantity with its name from the quantity vocabulary (SENSORS.md) and exactly one canonical unit.
 * Drivers convert to that unit before they return a value.
 */
public enum Channel {
    AMBIENT_TEMPERATURE("temperature", Unit.CELSIUS),
    RELATIVE_HUMIDITY("humidity", Unit.PERCENT_RH),
    PRESSURE("pressure", Unit.PASCAL),
    ILLUMINANCE("illuminance", Unit.LUX),
    VOLTAGE("voltage", Unit.VOLT),
    CURRENT("current", Unit.AMPERE),
    POWER("power", Unit.WATT),
    CO2("co2", Unit.PPM),
    PM1("pm1", Unit.MICROGRAM_PER_CUBIC_METRE),
    PM2_5("pm2_5", Unit.MICROGRAM_PER_CUBIC_METRE),
    PM10("pm10", Unit.MICROGRAM_PER_CUBIC_METRE),
    RAIN("rain", Unit.MILLIMETRE),
    WIND_SPEED("wind_speed", Unit.METRE_PER_SECOND),
    WATER_LEVEL("water_level", Unit.METRE),
    DISTANCE("distance", Unit.METRE),
    FLOW("flow", Unit.LITRE_PER_SECOND),
    SOIL_MOISTURE("soil_moisture", Unit.PERCENT),
    BATTERY("battery", Unit.PERCENT_REMAINING_ENERGY),
    COUNT("count", Unit.COUNT),
    /** Electrical conductivity of soil or water (salinity, fertiliser), e.g. from an RS-485 soil probe. */
    CONDUCTIVITY("conductivity", Unit.SIEMENS_PER_METRE),
    /** Mass on a load cell: a beehive, a water tank, a silo. */
    MASS("mass", Unit.KILOGRAM),
    // The node's own health, reported with its data as the series health/<quantity> (collector HealthNames).
    QUEUED("queued", Unit.COUNT),
    DROPPED("dropped", Unit.COUNT),
    /** 0 ok, 1 degraded, 2 bootstrap (SECURITY R31). */
    STATE("state", Unit.NONE),
    UPTIME("uptime", Unit.SECOND),
    STORAGE_FREE("storage_free", Unit.BYTE),
    /** 0 delivering; while it cannot deliver, why: 1 no answer, 2 handshake refused, 3 collector busy, 4 collector error, 5 not enrolled, 6 other. */
    DELIVERY("delivery", Unit.NONE),
    /** How long the node has been unable to deliver, 0 once it delivers again. */
    UNDELIVERED("undelivered", Unit.SECOND),
    /** The longest the node means to stay silent while it can deliver (its report interval). */
    REPORT_INTERVAL("report_interval", Unit.SECOND),
    /**
     * A contact's state, 1 closed (active) or 0 open: a float switch, a door, a pump running. Sent as a SenML
     * boolean ({@code vb}).
     */
    CONTACT("contact", Unit.NONE, Kind.STATE),
    /**
     * The rain a gauge collected since it was installed, in metres (accumulated rain is a length, RFC 8428 §12.1
     * {@code m}; not a rate). Sent as a SenML sum ({@code s}), which is what an accumulation is.
     */
    RAIN_TOTAL("rain_total", Unit.METRE, Kind.TOTAL),
    /** The node's software version, a health text sent at start and when it changes. */
    SOFTWARE("software", Unit.NONE, Kind.TEXT),
    /** Which profile the node runs: the first 12 hex digits of its SHA-256 and its file name (a health text). */
    PROFILE("profile", Unit.NONE, Kind.TEXT),
    /** Where the node stands, its profile's node.location, sent only when the profile shares it (a health text). */
    PLACE("place", Unit.NONE, Kind.TEXT);

    /** How a channel's values are meant: they decide the SenML field and which pipeline stages apply. */
    public enum Kind {
        /** A measured number ({@code v}); every stage applies. */
        NUMBER,
        /** A state, 0 or 1 ({@code vb}); only report-on-change applies, numeric stages pass it through. */
        STATE,
        /** A running total ({@code s}); every stage applies. */
        TOTAL,
        /** A short text the node says about itself ({@code vs}); never a sensor's, no stage applies. */
        TEXT
    }

    private final String quantity;
    private final Unit unit;
    private final Kind kind;

    Channel(String quantity, Unit unit) {
        this(quantity, unit, Kind.NUMBER);
    }

    Channel(String quantity, Unit unit, Kind kind) {
        this.quantity = quantity;
        this.unit = unit;
        this.kind = kind;
    }

    /** How this channel's values are meant. */
    public Kind kind() {
        return kind;
    }

    /** The vocabulary name used in SenML record names, e.g. {@code temperature}. */
    public String quantity() {
        return quantity;
    }

    /** The canonical unit every value of this channel is expressed in. */
    public Unit unit() {
        return unit;
    }
}
