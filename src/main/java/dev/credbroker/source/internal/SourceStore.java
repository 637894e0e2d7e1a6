package dev.credbroker.source.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.credbroker.common.Timestamps;
import dev.credbroker.crypto.SecretSealer;
import dev.credbroker.source.MfaSession;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceType;

/**
 * Rows of {@code sources}; the secret access key is sealed with the row's name as
 * associated data.
 */
@Repository
class SourceStore {

	private final JdbcClient jdbc;

	private final SecretSealer sealer;

	SourceStore(JdbcClient jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	Optional<Source> find(String name) {
		return this.jdbc.sql("SELECT * FROM sources WHERE name = :name")
			.param("name", name)
			.query(this::map)
			.optional();
	}

	Optional<Source> findForUpdate(String name) {
		return this.jdbc.sql("SELECT * FROM sources WHERE name = :name FOR UPDATE")
			.param("name", name)
			.query(this::map)
			.optional();
	}

	List<Source> all() {
		return this.jdbc.sql("SELECT * FROM sources ORDER BY name").query(this::map).list();
	}

	/**
	 * At most {@code limit} sources in name order whose names come after {@code after}
	 * (all when {@code null}).
	 */
	List<Source> page(String after, int limit) {
		if (after == null) {
			return this.jdbc.sql("SELECT * FROM sources ORDER BY name LIMIT :limit")
				.param("limit", limit)
				.query(this::map)
				.list();
		}
		return this.jdbc.sql("SELECT * FROM sources WHERE name > :after ORDER BY name LIMIT :limit")
			.param("after", after)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	void insert(Source source) {
		this.jdbc.sql("""
				INSERT INTO sources (name, type, access_key_id, secret_access_key_sealed, profile, mfa_serial, region,
				    version, created_at, updated_at)
				VALUES (:name, :type, :accessKeyId, :secret, :profile, :mfaSerial, :region, :version, :createdAt,
				    :updatedAt)
				""").params(params(source)).update();
	}

	void update(Source source) {
		this.jdbc.sql("""
				UPDATE sources SET type = :type, access_key_id = :accessKeyId, secret_access_key_sealed = :secret,
				    profile = :profile, mfa_serial = :mfaSerial, region = :region, version = :version,
				    updated_at = :updatedAt
				WHERE name = :name
				""").params(params(source)).update();
	}

	private java.util.Map<String, Object> params(Source source) {
		java.util.Map<String, Object> params = new java.util.HashMap<>();
		params.put("name", source.name());
		params.put("type", source.type().wireName());
		params.put("accessKeyId", source.accessKeyId());
		params.put("secret", seal(source));
		params.put("profile", source.profile());
		params.put("mfaSerial", source.mfaSerial());
		params.put("region", source.region());
		params.put("version", source.version());
		params.put("createdAt", Timestamps.toDb(source.createdAt()));
		params.put("updatedAt", Timestamps.toDb(source.updatedAt()));
		return params;
	}

	boolean delete(String name) {
		return this.jdbc.sql("DELETE FROM sources WHERE name = :name").param("name", name).update() > 0;
	}

	Optional<MfaSession> findMfaSession(String sourceName) {
		return this.jdbc.sql("SELECT * FROM mfa_sessions WHERE source_name = :name")
			.param("name", sourceName)
			.query((rs, row) -> new MfaSession(sourceName, rs.getString("access_key_id"),
					this.sealer.open(rs.getString("secret_access_key_sealed"),
							mfaContext(sourceName, "secretAccessKey")),
					this.sealer.open(rs.getString("session_token_sealed"), mfaContext(sourceName, "sessionToken")),
					Timestamps.fromDb(rs.getObject("expiration", OffsetDateTime.class))))
			.optional();
	}

	void saveMfaSession(MfaSession session, Instant now) {
		endMfaSession(session.sourceName());
		this.jdbc.sql("""
				INSERT INTO mfa_sessions (source_name, access_key_id, secret_access_key_sealed, session_token_sealed,
				    expiration, created_at)
				VALUES (:name, :accessKeyId, :secret, :token, :expiration, :createdAt)
				""")
			.param("name", session.sourceName())
			.param("accessKeyId", session.accessKeyId())
			.param("secret",
					this.sealer.seal(session.secretAccessKey(), mfaContext(session.sourceName(), "secretAccessKey")))
			.param("token", this.sealer.seal(session.sessionToken(), mfaContext(session.sourceName(), "sessionToken")))
			.param("expiration", Timestamps.toDb(session.expiration()))
			.param("createdAt", Timestamps.toDb(now))
			.update();
	}

	boolean endMfaSession(String sourceName) {
		return this.jdbc.sql("DELETE FROM mfa_sessions WHERE source_name = :name")
			.param("name", sourceName)
			.update() > 0;
	}

	/** Seals every source's secret access key again under the current master key. */
	int resealSources() {
		List<String> names = this.jdbc
			.sql("SELECT name FROM sources WHERE secret_access_key_sealed IS NOT NULL ORDER BY name FOR UPDATE")
			.query(String.class)
			.list();
		for (String name : names) {
			resealColumn("sources", "name", name, "secret_access_key_sealed", secretContext(name));
		}
		return names.size();
	}

	/**
	 * Seals every MFA session's secret key and session token again under the current key.
	 */
	int resealMfaSessions() {
		List<String> names = this.jdbc.sql("SELECT source_name FROM mfa_sessions ORDER BY source_name FOR UPDATE")
			.query(String.class)
			.list();
		for (String name : names) {
			resealColumn("mfa_sessions", "source_name", name, "secret_access_key_sealed",
					mfaContext(name, "secretAccessKey"));
			resealColumn("mfa_sessions", "source_name", name, "session_token_sealed", mfaContext(name, "sessionToken"));
		}
		return names.size();
	}

	// Table and column names are constants of this class, never input.
	private void resealColumn(String table, String key, String name, String column, String context) {
		String sealed = this.jdbc.sql("SELECT " + column + " FROM " + table + " WHERE " + key + " = :name")
			.param("name", name)
			.query(String.class)
			.single();
		this.jdbc.sql("UPDATE " + table + " SET " + column + " = :sealed WHERE " + key + " = :name")
			.param("sealed", this.sealer.reseal(sealed, context))
			.param("name", name)
			.update();
	}

	private static String mfaContext(String sourceName, String field) {
		return "mfa-session/" + sourceName + "/" + field;
	}

	static String secretContext(String sourceName) {
		return "source/" + sourceName + "/secretAccessKey";
	}

	private String seal(Source source) {
		return (source.secretAccessKey() != null)
				? this.sealer.seal(source.secretAccessKey(), secretContext(source.name())) : null;
	}

	private Source map(ResultSet rs, int row) throws SQLException {
		return open(mapSealed(rs, row));
	}

	/** A source as stored, its secret access key still sealed, for keeping in memory. */
	Optional<SealedSource> findSealed(String name) {
		return this.jdbc.sql("SELECT * FROM sources WHERE name = :name")
			.param("name", name)
			.query(this::mapSealed)
			.optional();
	}

	List<SealedSource> allSealed() {
		return this.jdbc.sql("SELECT * FROM sources ORDER BY name").query(this::mapSealed).list();
	}

	Source open(SealedSource sealed) {
		Source source = sealed.source();
		if (sealed.secretAccessKey() == null) {
			return source;
		}
		return new Source(source.name(), source.type(), source.accessKeyId(),
				this.sealer.open(sealed.secretAccessKey(), secretContext(source.name())), source.profile(),
				source.mfaSerial(), source.region(), source.version(), source.createdAt(), source.updatedAt());
	}

	private SealedSource mapSealed(ResultSet rs, int row) throws SQLException {
		String name = rs.getString("name");
		return new SealedSource(
				new Source(name, SourceType.fromWireName(rs.getString("type")).orElseThrow(),
						rs.getString("access_key_id"), null, rs.getString("profile"), rs.getString("mfa_serial"),
						rs.getString("region"), rs.getLong("version"),
						Timestamps.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
						Timestamps.fromDb(rs.getObject("updated_at", OffsetDateTime.class))),
				rs.getString("secret_access_key_sealed"));
	}

	/**
	 * A source whose secret access key is still sealed ({@code source} has none).
	 */
	record SealedSource(Source source, String secretAccessKey) {

		String name() {
			return this.source.name();
		}

	}

}
