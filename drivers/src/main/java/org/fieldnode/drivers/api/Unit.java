// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/** Canonical units, written as SenML (RFC 8428 §12.1, RFC 8798) symbols because that is what leaves the node. */
public enum Unit {
    CELSIUS("Cel"),
    PASCAL("Pa"),
    PERCENT_RH("%RH"),
    LUX("lx"),
    VOLT("V"),
    AMPERE("A"),
    WATT("W"),
    PPM("ppm"),
    MICROGRAM_PER_CUBIC_METRE("ug/m3"),
    MILLIMETRE("mm"),
    METRE("m"),
    METRE_PER_SECOND("m/s"),
    LITRE_PER_SECOND("l/s"),
    PERCENT("%"),
    PERCENT_REMAINING_ENERGY("%EL"),
    COUNT("count"),
    SECOND("s"),
    BYTE("B"),
    /** Electrical conductivity, e.g. of soil water; RFC 8428 §12.1. 1 µS/cm = 1e-4 S/m. */
    SIEMENS_PER_METRE("S/m"),
    /** Mass; RFC 8428 §12.1. */
    KILOGRAM("kg"),
    /** A dimensionless code, sent without a unit. */
    NONE("");

    private final String senml;

    Unit(String senml) {
        this.senml = senml;
    }

    /** The unit symbol as registered for SenML, e.g. {@code Cel}. */
    public String senml() {
        return senml;
    }
}
