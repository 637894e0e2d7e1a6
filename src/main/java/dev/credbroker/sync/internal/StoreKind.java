package dev.credbroker.sync.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Which database the store is: PostgreSQL has {@code LISTEN/NOTIFY}, H2 does not. */
@Component
class StoreKind implements SmartInitializingSingleton {

	private final DataSource dataSource;

	private volatile Boolean postgres;

	StoreKind(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Asked at start, so that no transaction has to borrow a second connection for it.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		isPostgres();
	}

	boolean isPostgres() {
		Boolean known = this.postgres;
		if (known == null) {
			try (Connection connection = this.dataSource.getConnection()) {
				known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not tell which database the store is: " + ex.getMessage(), ex);
			}
			this.postgres = known;
		}
		return known;
	}

}
