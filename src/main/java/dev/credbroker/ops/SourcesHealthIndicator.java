package dev.credbroker.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import dev.credbroker.source.MfaSession;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;

/**
 * Each source, with its MFA session: a missing session or one close to expiry is a
 * warning detail, not DOWN — the broker is healthy, an operator has a chore.
 */
@Component("sources")
class SourcesHealthIndicator implements HealthIndicator {

	static final Duration MFA_WARNING = Duration.ofHours(1);

	private final SourceCatalog sources;

	private final MfaSessions mfaSessions;

	private final Clock clock;

	SourcesHealthIndicator(SourceCatalog sources, MfaSessions mfaSessions, Clock clock) {
		this.sources = sources;
		this.mfaSessions = mfaSessions;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Instant now = this.clock.instant();
		Health.Builder builder = Health.up();
		try {
			for (Source source : this.sources.all()) {
				builder.withDetail(source.name(), describe(source, now));
			}
		}
		catch (DataAccessException | TransactionException ex) {
			// The store component reports the outage; without this the whole health
			// answer was a 500.
			return Health.unknown()
				.withDetail("error", "sources cannot be read while the store is unreachable")
				.build();
		}
		return builder.build();
	}

	private Map<String, Object> describe(Source source, Instant now) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("type", source.type().wireName());
		if (!source.hasMfaSerial()) {
			return detail;
		}
		Optional<MfaSession> session = this.mfaSessions.current(source.name()).filter((s) -> s.isActiveAt(now));
		if (session.isEmpty()) {
			detail.put("mfaSession", "none");
			detail.put("warning",
					"no MFA session: its workloads get 503 MfaSessionRequired until an operator opens one");
			return detail;
		}
		Duration left = Duration.between(now, session.get().expiration());
		detail.put("mfaSession", "active");
		detail.put("mfaSessionExpiresInSeconds", left.toSeconds());
		if (left.compareTo(MFA_WARNING) < 0) {
			detail.put("warning", "the MFA session expires in " + left.toMinutes() + " minutes; open a new one");
		}
		return detail;
	}

}
