package dev.credbroker.crypto.internal;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.credbroker.crypto.MasterKeyMismatchException;
import dev.credbroker.crypto.Secret;
import dev.credbroker.crypto.SecretSealer;
import dev.credbroker.crypto.SecretUnsealException;

/**
 * Seals a known value into the store on first start and opens it on every later start, so
 * that a wrong master key stops the broker at once instead of failing later on each
 * secret. The row also tells that the store holds sealed values at all, so that a lost
 * key file is never silently replaced by a new key.
 */
class MasterKeyCheck {

	private static final String CONTEXT = "master-key-check";

	private static final String KNOWN = "credential-broker master key check";

	private final JdbcClient jdbc;

	private final SecretSealer sealer;

	MasterKeyCheck(JdbcClient jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	/** Whether values have been sealed into this store under some master key. */
	static boolean storeHoldsSealedValues(JdbcClient jdbc) {
		return stored(jdbc).isPresent();
	}

	void verify() {
		var stored = stored(this.jdbc);
		if (stored.isEmpty()) {
			this.jdbc.sql("INSERT INTO master_key_check (id, sealed) VALUES (1, :sealed)")
				.param("sealed", this.sealer.seal(Secret.of(KNOWN), CONTEXT))
				.update();
			return;
		}
		try {
			if (!KNOWN.equals(this.sealer.open(stored.get(), CONTEXT).reveal())) {
				throw new SecretUnsealException("unexpected value");
			}
		}
		catch (SecretUnsealException ex) {
			throw new MasterKeyMismatchException(
					"The master key does not open the secrets in this store: it is not "
							+ "the key they were sealed with (nor is any of credbroker.master.previous-keys).",
					"Start with the original CREDBROKER_MASTER_KEY (or the original master.key file of the data "
							+ "directory, restored from backup). During a key rotation, give the new key as "
							+ "CREDBROKER_MASTER_KEY and the old one in CREDBROKER_MASTER_PREVIOUS_KEYS until "
							+ "POST /admin/v1/master-key/reseal has run.");
		}
	}

	/** Seals the check value again under the current key; returns the rows changed. */
	int reseal() {
		var stored = this.jdbc.sql("SELECT sealed FROM master_key_check WHERE id = 1 FOR UPDATE")
			.query(String.class)
			.optional();
		if (stored.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("UPDATE master_key_check SET sealed = :sealed WHERE id = 1")
			.param("sealed", this.sealer.reseal(stored.get(), CONTEXT))
			.update();
	}

	private static Optional<String> stored(JdbcClient jdbc) {
		return jdbc.sql("SELECT sealed FROM master_key_check WHERE id = 1").query(String.class).optional();
	}

}
