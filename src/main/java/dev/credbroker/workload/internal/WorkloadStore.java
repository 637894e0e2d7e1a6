package dev.credbroker.workload.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.Timestamps;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.Workload;

/**
 * Rows of {@code workloads}: the recipe as JSON, and SHA-256 hashes of the tokens, never
 * the tokens.
 */
@Repository
class WorkloadStore {

	private final JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	WorkloadStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Workload> find(String name) {
		return this.jdbc.sql("SELECT * FROM workloads WHERE name = :name")
			.param("name", name)
			.query(this::map)
			.optional();
	}

	Optional<Workload> findForUpdate(String name) {
		return this.jdbc.sql("SELECT * FROM workloads WHERE name = :name FOR UPDATE")
			.param("name", name)
			.query(this::map)
			.optional();
	}

	List<Workload> all() {
		return this.jdbc.sql("SELECT * FROM workloads ORDER BY name").query(this::map).list();
	}

	List<String> namesUsingSource(String source) {
		return this.jdbc.sql("SELECT name FROM workloads WHERE source_name = :source ORDER BY name")
			.param("source", source)
			.query(String.class)
			.list();
	}

	void insert(Workload workload) {
		this.jdbc
			.sql("""
					INSERT INTO workloads (name, generation, source_name, recipe, enabled, token_hash, previous_token_hash,
					    previous_token_valid_until, version, created_at, updated_at)
					VALUES (:name, :generation, :source, :recipe, :enabled, :tokenHash, :previousTokenHash, :previousValidUntil,
					    :version, :createdAt, :updatedAt)
					""")
			.params(params(workload))
			.update();
	}

	void update(Workload workload) {
		this.jdbc.sql("""
				UPDATE workloads SET source_name = :source, recipe = :recipe, enabled = :enabled,
				    token_hash = :tokenHash, previous_token_hash = :previousTokenHash,
				    previous_token_valid_until = :previousValidUntil, version = :version, updated_at = :updatedAt
				WHERE name = :name
				""").params(params(workload)).update();
	}

	boolean delete(String name) {
		return this.jdbc.sql("DELETE FROM workloads WHERE name = :name").param("name", name).update() > 0;
	}

	private java.util.Map<String, Object> params(Workload workload) {
		java.util.Map<String, Object> params = new java.util.HashMap<>();
		params.put("name", workload.name());
		params.put("generation", workload.generation());
		params.put("source", workload.source());
		params.put("recipe", this.json.writeValueAsString(workload.recipe()));
		params.put("enabled", workload.enabled());
		params.put("tokenHash", workload.tokenHash());
		params.put("previousTokenHash", workload.previousTokenHash());
		params.put("previousValidUntil", Timestamps.toDb(workload.previousTokenValidUntil()));
		params.put("version", workload.version());
		params.put("createdAt", Timestamps.toDb(workload.createdAt()));
		params.put("updatedAt", Timestamps.toDb(workload.updatedAt()));
		return params;
	}

	private Workload map(ResultSet rs, int row) throws SQLException {
		return new Workload(rs.getString("name"), rs.getString("generation"), rs.getString("source_name"),
				this.json.readValue(rs.getString("recipe"), Recipe.class), rs.getBoolean("enabled"),
				rs.getLong("version"), rs.getString("token_hash"), rs.getString("previous_token_hash"),
				Timestamps.fromDb(rs.getObject("previous_token_valid_until", OffsetDateTime.class)),
				Timestamps.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
				Timestamps.fromDb(rs.getObject("updated_at", OffsetDateTime.class)));
	}

}
