package dev.credbroker.workload.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.Timestamps;
import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RotatedToken;
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
			.query(this::mapRow)
			.optional()
			.map((row) -> row.with(rotatedTokensOf(name)));
	}

	Optional<Workload> findForUpdate(String name) {
		return this.jdbc.sql("SELECT * FROM workloads WHERE name = :name FOR UPDATE")
			.param("name", name)
			.query(this::mapRow)
			.optional()
			.map((row) -> row.with(rotatedTokensOf(name)));
	}

	List<Workload> all() {
		Map<String, List<RotatedToken>> rotated = new HashMap<>();
		this.jdbc.sql("SELECT * FROM workload_rotated_tokens")
			.query((rs, row) -> Map.entry(rs.getString("workload_name"), mapRotatedToken(rs)))
			.list()
			.forEach((entry) -> rotated.computeIfAbsent(entry.getKey(), (name) -> new ArrayList<>())
				.add(entry.getValue()));
		return this.jdbc.sql("SELECT * FROM workloads ORDER BY name")
			.query(this::mapRow)
			.list()
			.stream()
			.map((row) -> row.with(rotated.getOrDefault(row.name(), List.of())))
			.toList();
	}

	/**
	 * The identity bindings of every workload that has any, by workload name: what a new
	 * binding is checked against. Reads only those rows, so a write stays cheap however
	 * many workloads use static tokens only.
	 */
	Map<String, List<IdentityBinding>> identityBindings() {
		Map<String, List<IdentityBinding>> bindings = new LinkedHashMap<>();
		this.jdbc.sql("SELECT name, identities FROM workloads WHERE identities IS NOT NULL ORDER BY name")
			.query((rs, row) -> Map.entry(rs.getString("name"), identitiesOf(rs.getString("identities"))))
			.list()
			.forEach((entry) -> bindings.put(entry.getKey(), entry.getValue()));
		return bindings;
	}

	/**
	 * At most {@code limit} workloads in name order whose names come after {@code after}
	 * (all when {@code null}), with their rotated-out tokens.
	 */
	List<Workload> page(String after, int limit) {
		List<WorkloadRow> rows = this.jdbc
			.sql("SELECT * FROM workloads " + ((after != null) ? "WHERE name > :after " : "")
					+ "ORDER BY name LIMIT :limit")
			.params(pageParams(after, limit))
			.query(this::mapRow)
			.list();
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<String, List<RotatedToken>> rotated = new HashMap<>();
		this.jdbc.sql("SELECT * FROM workload_rotated_tokens WHERE workload_name IN (:names)")
			.param("names", rows.stream().map(WorkloadRow::name).toList())
			.query((rs, row) -> Map.entry(rs.getString("workload_name"), mapRotatedToken(rs)))
			.list()
			.forEach((entry) -> rotated.computeIfAbsent(entry.getKey(), (name) -> new ArrayList<>())
				.add(entry.getValue()));
		return rows.stream().map((row) -> row.with(rotated.getOrDefault(row.name(), List.of()))).toList();
	}

	private static Map<String, Object> pageParams(String after, int limit) {
		Map<String, Object> params = new HashMap<>();
		params.put("limit", limit);
		if (after != null) {
			params.put("after", after);
		}
		return params;
	}

	private List<RotatedToken> rotatedTokensOf(String name) {
		return this.jdbc.sql("SELECT * FROM workload_rotated_tokens WHERE workload_name = :name")
			.param("name", name)
			.query((rs, row) -> mapRotatedToken(rs))
			.list();
	}

	Optional<String> nameByTokenHash(String tokenHash) {
		return this.jdbc.sql("""
				SELECT name FROM workloads WHERE token_hash = :hash
				UNION SELECT workload_name FROM workload_rotated_tokens WHERE token_hash = :hash
				""").param("hash", tokenHash).query(String.class).optional();
	}

	List<String> namesUsingSource(String source) {
		return this.jdbc.sql("SELECT name FROM workloads WHERE source_name = :source ORDER BY name")
			.param("source", source)
			.query(String.class)
			.list();
	}

	void insert(Workload workload) {
		this.jdbc.sql("""
				INSERT INTO workloads (name, generation, source_name, recipe, enabled, token_hash, version, created_at,
				    updated_at, identities, static_token)
				VALUES (:name, :generation, :source, :recipe, :enabled, :tokenHash, :version, :createdAt, :updatedAt,
				    :identities, :staticToken)
				""").params(params(workload)).update();
		insertRotatedTokens(workload);
	}

	/**
	 * Replaces the row and its rotated-out tokens (the caller leaves out those whose
	 * grace has ended).
	 */
	void update(Workload workload) {
		this.jdbc.sql("""
				UPDATE workloads SET source_name = :source, recipe = :recipe, enabled = :enabled,
				    token_hash = :tokenHash, version = :version, updated_at = :updatedAt, identities = :identities,
				    static_token = :staticToken
				WHERE name = :name
				""").params(params(workload)).update();
		this.jdbc.sql("DELETE FROM workload_rotated_tokens WHERE workload_name = :name")
			.param("name", workload.name())
			.update();
		insertRotatedTokens(workload);
	}

	private void insertRotatedTokens(Workload workload) {
		for (RotatedToken token : workload.rotatedTokens()) {
			this.jdbc.sql("""
					INSERT INTO workload_rotated_tokens (token_hash, workload_name, valid_until)
					VALUES (:hash, :name, :validUntil)
					""")
				.param("hash", token.hash())
				.param("name", workload.name())
				.param("validUntil", Timestamps.toDb(token.validUntil()))
				.update();
		}
	}

	boolean delete(String name) {
		return this.jdbc.sql("DELETE FROM workloads WHERE name = :name").param("name", name).update() > 0;
	}

	private Map<String, Object> params(Workload workload) {
		Map<String, Object> params = new HashMap<>();
		params.put("name", workload.name());
		params.put("generation", workload.generation());
		params.put("source", workload.source());
		params.put("recipe", this.json.writeValueAsString(workload.recipe()));
		params.put("enabled", workload.enabled());
		params.put("tokenHash", workload.tokenHash());
		params.put("version", workload.version());
		params.put("createdAt", Timestamps.toDb(workload.createdAt()));
		params.put("updatedAt", Timestamps.toDb(workload.updatedAt()));
		params.put("identities",
				workload.identities().isEmpty() ? null : this.json.writeValueAsString(workload.identities()));
		params.put("staticToken", workload.staticToken());
		return params;
	}

	private WorkloadRow mapRow(ResultSet rs, int row) throws SQLException {
		return new WorkloadRow(rs.getString("name"), rs.getString("generation"), rs.getString("source_name"),
				this.json.readValue(rs.getString("recipe"), Recipe.class), rs.getBoolean("enabled"),
				rs.getLong("version"), rs.getString("token_hash"),
				Timestamps.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
				Timestamps.fromDb(rs.getObject("updated_at", OffsetDateTime.class)),
				identitiesOf(rs.getString("identities")), rs.getBoolean("static_token"));
	}

	private List<IdentityBinding> identitiesOf(String json) {
		return (json != null) ? List.of(this.json.readValue(json, IdentityBinding[].class)) : List.of();
	}

	private static RotatedToken mapRotatedToken(ResultSet rs) throws SQLException {
		return new RotatedToken(rs.getString("token_hash"),
				Timestamps.fromDb(rs.getObject("valid_until", OffsetDateTime.class)));
	}

	/** A row of {@code workloads}, before its rotated-out tokens are added. */
	private record WorkloadRow(String name, String generation, String source, Recipe recipe, boolean enabled,
			long version, String tokenHash, java.time.Instant createdAt, java.time.Instant updatedAt,
			List<IdentityBinding> identities, boolean staticToken) {

		Workload with(List<RotatedToken> rotatedTokens) {
			return new Workload(this.name, this.generation, this.source, this.recipe, this.enabled, this.version,
					this.tokenHash, rotatedTokens, this.createdAt, this.updatedAt, this.identities, this.staticToken);
		}

	}

}
