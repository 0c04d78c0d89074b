// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

/**
 * A mistake the user can fix (a bad profile, a missing option, an unreadable key file). Printed as its message
 * alone, no stack trace, with exit code 2.
 */
public final class UserError extends Exception {
    public UserError(String message) {
        super(message);
    }
}
