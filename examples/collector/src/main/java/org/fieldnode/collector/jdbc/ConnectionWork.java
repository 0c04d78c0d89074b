// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.fieldnode.collector.StoreException;

/** Work on one connection of a store, which the store runs and closes or returns to its pool. */
@FunctionalInterface
public interface ConnectionWork<T> {
    T run(Connection c) throws SQLException, StoreException;
}
