// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.testing;

import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.WrappingKeySource;

/** A wrapping key held in memory, for tests that need a second, different key. */
public final class MemoryWrappingKey implements WrappingKeySource {
    private byte[] key;

    public MemoryWrappingKey(byte fill) {
        key = new byte[KEY_BYTES];
        java.util.Arrays.fill(key, fill);
    }

    @Override
    public byte[] wrappingKey() throws KeystoreException {
        if (key == null) {
            throw new KeystoreException("memory: wrapping key destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        key = null;
    }

    @Override
    public String describe() {
        return "memory";
    }
}
