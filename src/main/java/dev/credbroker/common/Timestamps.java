package dev.credbroker.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Converts between {@link Instant} and the {@code TIMESTAMP WITH TIME ZONE} values both
 * H2 and PostgreSQL take.
 */
public final class Timestamps {

	private Timestamps() {
	}

	public static OffsetDateTime toDb(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC) : null;
	}

	public static Instant fromDb(OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}
