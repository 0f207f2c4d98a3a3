package io.pulsetracker.shared;

import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of one multi-row {@code INSERT ... VALUES (?, ?), (?, ?)}, bound straight onto the R2DBC
 * statement.
 *
 * <p>Binding thousands of values one by one through {@code DatabaseClient.bind} copies the bindings on
 * every call (quadratic in the batch size); binding on the {@link Statement} in a filter is linear. Build
 * one instance per statement; not thread-safe.
 */
public final class SqlRows {

    private final int columns;
    private final List<Object[]> rows = new ArrayList<>();

    /** Rows of {@code columns} values each. */
    public SqlRows(int columns) {
        this.columns = columns;
    }

    /**
     * Adds a row. A null value must be given as {@link #nullOf(Class)} so that the driver knows its type.
     *
     * @throws IllegalArgumentException when the row has the wrong number of values or a bare null
     */
    public SqlRows add(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("a row needs " + columns + " values, was " + values.length);
        }
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException("a null value needs its type: use SqlRows.nullOf(type)");
            }
        }
        rows.add(values);
        return this;
    }

    /** {@code value}, or a typed null when it is null. */
    public static Object orNull(Object value, Class<?> type) {
        return value == null ? new TypedNull(type) : value;
    }

    /** A null of the given column type. */
    public static Object nullOf(Class<?> type) {
        return new TypedNull(type);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** {@code (?, ?), (?, ?)}: one group of placeholders per row. */
    public String placeholders() {
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows.size(), row));
    }

    /** Binds every value in order; use as {@code DatabaseClient.sql(...).filter(rows::bindTo)}. */
    public Statement bindTo(Statement statement) {
        int index = 0;
        for (Object[] row : rows) {
            for (Object value : row) {
                if (value instanceof TypedNull typed) {
                    statement.bindNull(index++, typed.type());
                } else {
                    statement.bind(index++, value);
                }
            }
        }
        return statement;
    }

    private record TypedNull(Class<?> type) {}
}
