package dev.credbroker.source.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.credbroker.common.ConflictException;
import dev.credbroker.common.NotFoundException;
import dev.credbroker.common.Violations;
import dev.credbroker.source.KeyRotationException;
import dev.credbroker.source.MfaSession;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceAws;
import dev.credbroker.source.SourceAws.AwsOperationException;
import dev.credbroker.source.SourceAws.NewAccessKey;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.source.SourceMaintenance;
import dev.credbroker.source.SourceType;

@Service
class SourceMaintenanceService implements SourceMaintenance {

	private static final Pattern MFA_CODE = Pattern.compile("\\d{6}");

	static final int MFA_MIN_SECONDS = 900;

	static final int MFA_MAX_SECONDS = 129600;

	static final int MFA_DEFAULT_SECONDS = 43200;

	private final SourceStore store;

	private final SourceAws aws;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SourceMaintenanceService(SourceStore store, SourceAws aws, ApplicationEventPublisher events,
			TransactionTemplate transactions, Clock clock) {
		this.store = store;
		this.aws = aws;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public Instant openMfaSession(String sourceName, String tokenCode, Integer durationSeconds) {
		int duration = (durationSeconds != null) ? durationSeconds : MFA_DEFAULT_SECONDS;
		Violations violations = new Violations();
		if (tokenCode == null || !MFA_CODE.matcher(tokenCode).matches()) {
			violations.add("tokenCode", "must be the 6-digit code shown by the MFA device");
		}
		if (duration < MFA_MIN_SECONDS || duration > MFA_MAX_SECONDS) {
			violations.add("durationSeconds", "must be between " + MFA_MIN_SECONDS + " and " + MFA_MAX_SECONDS
					+ " (what STS GetSessionToken allows for IAM users)");
		}
		violations.throwIfAny();
		Source source = existing(sourceName);
		if (!source.hasMfaSerial()) {
			throw new ConflictException("Source '" + sourceName + "' has no mfaSerial; set one with PUT "
					+ "/admin/v1/sources/" + sourceName + " to use MFA sessions");
		}
		MfaSession session = this.aws.openMfaSession(source, tokenCode, duration);
		this.transactions.executeWithoutResult((status) -> {
			Source current = existingForUpdate(sourceName);
			if (current.version() != source.version()) {
				throw new ConflictException("Source '" + sourceName + "' was replaced while the MFA session was "
						+ "being opened; open it again");
			}
			this.store.saveMfaSession(session, this.clock.instant());
			// Inside the transaction: the change row commits with the session, or neither
			// does.
			this.events.publishEvent(new SourceChanged(sourceName));
		});
		return session.expiration();
	}

	@Override
	public boolean endMfaSession(String sourceName) {
		existing(sourceName);
		Boolean ended = this.transactions.execute((status) -> {
			boolean found = this.store.endMfaSession(sourceName);
			this.events.publishEvent(new SourceChanged(sourceName));
			return found;
		});
		return Boolean.TRUE.equals(ended);
	}

	@Override
	public KeyRotation rotateAccessKey(String sourceName) {
		Source source = existing(sourceName);
		if (source.type() != SourceType.STATIC) {
			throw new ConflictException("Only static sources hold keys the broker can rotate; '" + sourceName + "' is "
					+ source.type().wireName());
		}
		NewAccessKey created = step("CreateAccessKey", () -> this.aws.createAccessKey(source));
		try {
			step("GetCallerIdentity with the new key", () -> {
				this.aws.verifyAccessKey(source, created);
				return null;
			});
			storeNewKey(source, created);
		}
		catch (RuntimeException ex) {
			deleteQuietly(source, new NewAccessKey(source.accessKeyId(), source.secretAccessKey()),
					created.accessKeyId());
			throw ex;
		}
		Source rotated = existing(sourceName);
		try {
			this.aws.deleteAccessKey(rotated, created, source.accessKeyId());
			return new KeyRotation(rotated, source.maskedAccessKeyId(), true, null);
		}
		catch (AwsOperationException ex) {
			return new KeyRotation(rotated, source.maskedAccessKeyId(), false,
					"The new key is stored and in use, " + "but DeleteAccessKey of the old key "
							+ source.maskedAccessKeyId() + " failed: " + withoutFullStop(ex.getMessage())
							+ ". Delete it in IAM by hand.");
		}
	}

	private void storeNewKey(Source source, NewAccessKey created) {
		this.transactions.executeWithoutResult((status) -> {
			Source current = existingForUpdate(source.name());
			if (current.version() != source.version()) {
				throw new KeyRotationException("Source '" + source.name() + "' was replaced during the rotation; "
						+ "the new key was deleted again and the source left as it is");
			}
			Instant now = this.clock.instant();
			this.store.update(new Source(current.name(), current.type(), created.accessKeyId(),
					created.secretAccessKey(), current.profile(), current.mfaSerial(), current.region(),
					current.version() + 1, current.createdAt(), now));
			// Inside the transaction: the change row commits with the new key, or neither
			// does.
			this.events.publishEvent(new SourceChanged(source.name()));
		});
	}

	private <T> T step(String name, java.util.function.Supplier<T> action) {
		try {
			return action.get();
		}
		catch (AwsOperationException ex) {
			throw new KeyRotationException("Key rotation failed at " + name + ": " + withoutFullStop(ex.getMessage())
					+ ". The old key is unchanged and still in use.");
		}
	}

	/**
	 * AWS messages end in a full stop or not; ours follow with a sentence of their own.
	 */
	private static String withoutFullStop(String message) {
		return (message != null && message.endsWith(".")) ? message.substring(0, message.length() - 1) : message;
	}

	private void deleteQuietly(Source source, NewAccessKey signing, String accessKeyId) {
		try {
			this.aws.deleteAccessKey(source, signing, accessKeyId);
		}
		catch (AwsOperationException ex) {
			// The unused new key stays in IAM; the failure the operator sees names the
			// step that failed.
		}
	}

	/** The source, its row locked until the transaction ends: a concurrent PUT waits. */
	private Source existingForUpdate(String name) {
		return this.store.findForUpdate(name)
			.orElseThrow(() -> new NotFoundException("No source named '" + name + "'"));
	}

	private Source existing(String name) {
		return this.store.find(name).orElseThrow(() -> new NotFoundException("No source named '" + name + "'"));
	}

}
