package dev.credbroker.common;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The lock that writes of OIDC identity configuration share: a workload's identity
 * bindings, an issuer, an issuer's deletion. Each checks what it writes against what is
 * stored (bindings that overlap, an issuer URL taken, an issuer still bound), so two of
 * them at once could each pass against the store without the other; taken before the
 * check, the lock makes check and write one step. It is the one row of
 * {@code identity_lock}, selected for update and held until the transaction ends: a row
 * lock rather than a lock in this JVM, so that replicas sharing the database wait for
 * each other too, and one that works alike on H2 and PostgreSQL. Under READ COMMITTED
 * (both stores' default) the check after the wait reads what the other write committed.
 */
@Component
public class IdentityLock {

	private final JdbcClient jdbc;

	IdentityLock(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Takes the lock until the caller's transaction ends. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void acquire() {
		this.jdbc.sql("SELECT id FROM identity_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
	}

}
