// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

/** Where a {@link Stage} sends what it forwards: the next stage, or the pipeline's output. */
@FunctionalInterface
public interface Emitter {
    void emit(Reading reading);
}
