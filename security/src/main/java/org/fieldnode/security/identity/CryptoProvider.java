// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance the security module uses. It is passed explicitly to every JCA call
 * instead of being installed with {@code Security.addProvider}, so the rest of the JVM (Scandium, the JDK's own
 * TLS) keeps its provider order.
 */
public final class CryptoProvider {
    private static final Provider BC = new BouncyCastleProvider();

    private CryptoProvider() {}

    /** The shared Bouncy Castle provider. */
    public static Provider bc() {
        return BC;
    }
}
