package dev.credbroker.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.Timestamps;

/**
 * Rows of {@code issuers}: the issuers created through the admin API, their definition as
 * JSON (nothing secret: a bearer token is named by its file, never stored).
 */
@Repository
class IssuerStore {

	private final JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	IssuerStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Issuer> all() {
		return this.jdbc.sql("SELECT * FROM issuers ORDER BY name").query(this::mapRow).list();
	}

	Optional<Issuer> find(String name) {
		return this.jdbc.sql("SELECT * FROM issuers WHERE name = :name")
			.param("name", name)
			.query(this::mapRow)
			.optional();
	}

	Optional<Issuer> findForUpdate(String name) {
		return this.jdbc.sql("SELECT * FROM issuers WHERE name = :name FOR UPDATE")
			.param("name", name)
			.query(this::mapRow)
			.optional();
	}

	void insert(Issuer issuer) {
		this.jdbc.sql("""
				INSERT INTO issuers (name, definition, version, created_at, updated_at)
				VALUES (:name, :definition, :version, :createdAt, :updatedAt)
				""").params(params(issuer)).update();
	}

	void update(Issuer issuer) {
		this.jdbc.sql("""
				UPDATE issuers SET definition = :definition, version = :version, updated_at = :updatedAt
				WHERE name = :name
				""").params(params(issuer)).update();
	}

	boolean delete(String name) {
		return this.jdbc.sql("DELETE FROM issuers WHERE name = :name").param("name", name).update() > 0;
	}

	private Map<String, Object> params(Issuer issuer) {
		return Map.of("name", issuer.name(), "definition", this.json.writeValueAsString(issuer.definition()), "version",
				issuer.version(), "createdAt", Timestamps.toDb(issuer.createdAt()), "updatedAt",
				Timestamps.toDb(issuer.updatedAt()));
	}

	private Issuer mapRow(ResultSet rs, int row) throws SQLException {
		IssuerDefinition definition = this.json.readValue(rs.getString("definition"), IssuerDefinition.class);
		// Stored values passed validation when written; validated again so a row is read
		// into the same shape.
		return IssuerValidator.validate(rs.getString("name"), definition, Issuer.API, "", rs.getLong("version"),
				Timestamps.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
				Timestamps.fromDb(rs.getObject("updated_at", OffsetDateTime.class)));
	}

}
