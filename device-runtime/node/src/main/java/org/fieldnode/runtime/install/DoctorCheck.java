// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.util.Objects;

/**
 * One line of {@code fieldnode doctor}.
 *
 * @param name what was checked, e.g. {@code java}, {@code bus i2c1}
 * @param status the outcome
 * @param detail what was found
 * @param fix what to do about a failure; empty for a pass or a skip
 */
public record DoctorCheck(String name, Status status, String detail, String fix) {
    /** The outcome of a check. A skipped check did not apply (no such bus in the profile, no collector named). */
    public enum Status {
        PASS,
        FAIL,
        SKIP
    }

    public DoctorCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    static DoctorCheck pass(String name, String detail) {
        return new DoctorCheck(name, Status.PASS, detail, "");
    }

    static DoctorCheck fail(String name, String detail, String fix) {
        return new DoctorCheck(name, Status.FAIL, detail, fix);
    }

    static DoctorCheck skip(String name, String detail) {
        return new DoctorCheck(name, Status.SKIP, detail, "");
    }
}
