package dev.credbroker.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.credbroker.common.StoreAvailability;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;

/**
 * {@code credbroker.mfa.session.remaining} (seconds, 0 without a session) for each source
 * with an MFA serial.
 */
@Component
class MfaSessionMetrics {

	private final SourceCatalog sources;

	private final MfaSessions mfaSessions;

	private final Clock clock;

	private final MultiGauge remaining;

	private final StoreAvailability store;

	MfaSessionMetrics(SourceCatalog sources, MfaSessions mfaSessions, Clock clock, MeterRegistry meters,
			StoreAvailability store) {
		this.store = store;
		this.sources = sources;
		this.mfaSessions = mfaSessions;
		this.clock = clock;
		this.remaining = MultiGauge.builder("credbroker.mfa.session.remaining")
			.description("Seconds until the source's MFA session expires")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * During a store outage the gauge keeps its last values (the sessions cannot change
	 * meanwhile) instead of logging a stack trace every 15 s.
	 */
	@Scheduled(fixedDelayString = "${credbroker.metrics.mfa-refresh:15s}", initialDelay = 0)
	void refresh() {
		if (this.store.isDown()) {
			return;
		}
		try {
			refreshNow();
		}
		catch (RuntimeException ex) {
			if (!StoreAvailability.isUnreachable(ex)) {
				throw ex;
			}
		}
	}

	private void refreshNow() {
		Instant now = this.clock.instant();
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (Source source : this.sources.all()) {
			if (source.hasMfaSerial()) {
				long seconds = this.mfaSessions.current(source.name())
					.map((session) -> Math.max(0, Duration.between(now, session.expiration()).toSeconds()))
					.orElse(0L);
				rows.add(MultiGauge.Row.of(Tags.of("source", source.name()), seconds));
			}
		}
		this.remaining.register(rows, true);
	}

}
