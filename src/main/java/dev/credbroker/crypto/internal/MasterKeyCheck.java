package dev.credbroker.crypto.internal;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.credbroker.crypto.MasterKeyMismatchException;
import dev.credbroker.crypto.Secret;
import dev.credbroker.crypto.SecretSealer;
import dev.credbroker.crypto.SecretUnsealException;

/**
 * Seals a known value into the store on first start and opens it on every later start, so
 * that a wrong master key stops the broker at once instead of failing later on each
 * secret.
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

	void verify() {
		var stored = this.jdbc.sql("SELECT sealed FROM master_key_check WHERE id = 1").query(String.class).optional();
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
			throw new MasterKeyMismatchException("The master key does not open the secrets in this store: it is not "
					+ "the key they were sealed with. Start with the original CREDBROKER_MASTER_KEY (or the original "
					+ "master.key file of the data directory).");
		}
	}

}
