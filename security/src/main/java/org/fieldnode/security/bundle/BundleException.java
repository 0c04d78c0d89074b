// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

/**
 * A provisioning bundle that cannot be used: one line {@code FILE:LINE: key: what was expected}, never the key
 * (SECURITY R11). Nothing was imported or changed when this is thrown.
 */
public final class BundleException extends Exception {
    public BundleException(String message) {
        super(message);
    }
}
