package dev.credbroker.common;

import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;

/**
 * The widths of the store's text columns, read once from the migrated schema, so that the
 * migrations are the one place they are written: a request is checked against the column
 * that will hold each value before anything is stored (a 400 naming the field rather than
 * a failed insert), and a value that must be stored whatever its length (an audit event)
 * is cut to fit.
 */
@Component
@DependsOnDatabaseInitialization
public class ColumnWidths {

	/** Ends a value that was cut to fit its column. */
	public static final String CUT_MARKER = "…";

	private static final Set<Integer> TEXT_TYPES = Set.of(Types.VARCHAR, Types.CHAR, Types.NVARCHAR, Types.NCHAR);

	private final Map<String, Integer> widths;

	@Autowired
	ColumnWidths(DataSource dataSource) {
		this(read(dataSource));
	}

	private ColumnWidths(Map<String, Integer> widths) {
		this.widths = Map.copyOf(widths);
	}

	/**
	 * Widths given directly, for tests.
	 * @param widths characters by {@code table.column}, lower case
	 */
	public static ColumnWidths of(Map<String, Integer> widths) {
		return new ColumnWidths(widths);
	}

	/**
	 * Refuses a request with every {@code String} component longer than the column of the
	 * same name (camelCase as snake_case) in the table, naming each; components without
	 * such a column are not checked here.
	 * @throws InvalidRequestException if any component is too long
	 */
	public void requireFit(String table, Record request) {
		List<FieldViolation> violations = new ArrayList<>();
		for (RecordComponent component : request.getClass().getRecordComponents()) {
			if (component.getType() != String.class) {
				continue;
			}
			Integer width = this.widths.get(key(table, snakeCase(component.getName())));
			String value = (String) invoke(component, request);
			if (width != null && value != null && value.length() > width) {
				violations.add(new FieldViolation(component.getName(),
						"must be at most " + width + " characters (the store's limit), not " + value.length()));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
	}

	/**
	 * The value as it fits the column: unchanged when it does, else cut and ending with
	 * {@link #CUT_MARKER}.
	 */
	public String fit(String table, String column, String value) {
		Integer width = this.widths.get(key(table, column));
		if (value == null || width == null || value.length() <= width) {
			return value;
		}
		int keep = width - CUT_MARKER.length();
		if (keep <= 0) {
			return value.substring(0, width);
		}
		if (Character.isHighSurrogate(value.charAt(keep - 1))) {
			keep--;
		}
		return value.substring(0, keep) + CUT_MARKER;
	}

	private static Object invoke(RecordComponent component, Record request) {
		try {
			return component.getAccessor().invoke(request);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + component.getName(), ex);
		}
	}

	static String snakeCase(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	private static String key(String table, String column) {
		return (table + "." + column).toLowerCase(Locale.ROOT);
	}

	private static Map<String, Integer> read(DataSource dataSource) {
		Map<String, Integer> widths = new HashMap<>();
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metadata = connection.getMetaData();
			try (ResultSet columns = metadata.getColumns(connection.getCatalog(), connection.getSchema(), "%", "%")) {
				while (columns.next()) {
					if (TEXT_TYPES.contains(columns.getInt("DATA_TYPE"))) {
						widths.put(key(columns.getString("TABLE_NAME"), columns.getString("COLUMN_NAME")),
								columns.getInt("COLUMN_SIZE"));
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the store's column widths", ex);
		}
		if (widths.isEmpty()) {
			// Checks against no widths would pass everything: better not to start.
			throw new IllegalStateException("Found no text columns in the store's schema to check values against");
		}
		return widths;
	}

}
