package dev.credbroker.source.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.credbroker.source.MfaSession;
import dev.credbroker.source.Source;

/** A source as operators see it: never a secret, the access key id masked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SourceView(String name, String type, String accessKeyId, String profile, String region, String mfaSerial,
		MfaSessionView mfaSession, String answeringProvider, long version, Instant createdAt, Instant updatedAt) {

	static SourceView of(Source source, MfaSession session, String answeringProvider, Instant now) {
		MfaSessionView mfa = source.hasMfaSerial() ? MfaSessionView.of(session, now) : null;
		return new SourceView(source.name(), source.type().wireName(), source.maskedAccessKeyId(), source.profile(),
				source.region(), source.mfaSerial(), mfa, answeringProvider, source.version(), source.createdAt(),
				source.updatedAt());
	}

	record MfaSessionView(boolean active, Instant expiration) {

		static MfaSessionView of(MfaSession session, Instant now) {
			if (session == null) {
				return new MfaSessionView(false, null);
			}
			return new MfaSessionView(session.isActiveAt(now), session.expiration());
		}

	}

}
