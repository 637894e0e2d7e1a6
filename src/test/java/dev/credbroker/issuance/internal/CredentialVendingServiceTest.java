package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.credbroker.crypto.Secret;
import dev.credbroker.issuance.CacheProperties;
import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceType;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RecipeType;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;

/**
 * The cache rules with a stub issuer, a clock the test moves and an executor the test drives: no STS, no sleeps.
 */
class CredentialVendingServiceTest {

	private static final Instant START = Instant.parse("2026-11-25T22:00:00Z");

	private static final Duration LIFETIME = Duration.ofHours(1);

	private static final Duration DEADLINE = Duration.ofMillis(50);

	private static final CacheProperties PROPERTIES = new CacheProperties(100, Duration.ofMinutes(20),
			Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofSeconds(10),
			Duration.ofSeconds(10));

	private static final Workload WORKLOAD = new Workload("app", "main",
			new Recipe(RecipeType.ASSUME_ROLE, "arn:aws:iam::123456789012:role/app", null, null, null, null, null,
					3600, null),
			true, 1, "hash", null, null, START, START);

	private static final Source SOURCE = new Source("main", SourceType.STATIC, "AKIAEXAMPLE", Secret.of("s"), null,
			null, null, 1, START, START);

	private static final IssuanceKey KEY = new IssuanceKey("app", 1, "main");

	private final MutableClock clock = new MutableClock(START);

	private final HeldExecutor executor = new HeldExecutor();

	private final RecipeIssuer issuer = mock(RecipeIssuer.class);

	private final AtomicInteger issued = new AtomicInteger();

	private CredentialVendingService service;

	@BeforeEach
	void setUp() {
		WorkloadCatalog workloads = mock(WorkloadCatalog.class);
		when(workloads.find("app")).thenReturn(Optional.of(WORKLOAD));
		SourceCatalog sources = mock(SourceCatalog.class);
		when(sources.find("main")).thenReturn(Optional.of(SOURCE));
		issuerSucceeds();
		this.service = new CredentialVendingService(workloads, sources, this.issuer, mock(SourceCredentials.class),
				mock(IssuanceAudit.class), PROPERTIES, this.executor, this.clock);
	}

	@Test
	void aFreshEntryIsServedWithoutCallingStsAgain() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		this.clock.advance(Duration.ofMinutes(29));
		CachedCredentials second = this.service.credentialsFor(KEY, DEADLINE);

		assertThat(second).isSameAs(first);
		assertThat(first.credentials().accessKeyId()).isEqualTo("ASIA1");
		verify(this.issuer, times(1)).issue(any(), any());
	}

	@Test
	void aDueEntryIsServedAtOnceAndRenewedInTheBackground() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		this.clock.advance(Duration.ofMinutes(31));
		this.executor.hold();

		CachedCredentials served = this.service.credentialsFor(KEY, DEADLINE);

		assertThat(served).as("no request waits for a renewal while fresh").isSameAs(first);
		assertThat(this.executor.pending()).isPositive();
		assertThat(this.service.credentialsFor(KEY, DEADLINE)).isSameAs(first);
		this.executor.runPending();
		verify(this.issuer, times(2).description("one renewal for both requests")).issue(any(), any());
		assertThat(this.service.credentialsFor(KEY, DEADLINE).credentials().accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void theSweepRenewsServedEntriesOnlyAndOnlyWhenDue() {
		this.service.credentialsFor(KEY, DEADLINE);
		this.clock.advance(Duration.ofMinutes(29));
		this.service.renewDueEntries();
		verify(this.issuer, times(1)).issue(any(), any());

		this.clock.advance(Duration.ofMinutes(2));
		this.service.renewDueEntries();
		verify(this.issuer, times(2)).issue(any(), any());

		this.clock.advance(Duration.ofMinutes(31));
		this.service.renewDueEntries();
		verify(this.issuer, times(2).description("the renewed entry was never asked for")).issue(any(), any());
	}

	@Test
	void whileRenewalsFailStaleCredentialsAreServedUntilFiveMinutesBeforeExpiry() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		Instant expiration = first.credentials().expiration();
		issuerFails();

		this.clock.set(expiration.minus(Duration.ofMinutes(10)));
		CachedCredentials stale = this.service.credentialsFor(KEY, DEADLINE);
		assertThat(stale).as("past fresh, still servable").isSameAs(first);

		this.clock.set(expiration.minus(Duration.ofMinutes(5)).minusMillis(1));
		assertThat(this.service.credentialsFor(KEY, DEADLINE)).isSameAs(first);

		this.clock.set(expiration.minus(Duration.ofMinutes(5)));
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamUnavailableException.class);
		this.clock.set(expiration.plusSeconds(1));
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.as("never expired credentials")
			.isInstanceOf(UpstreamUnavailableException.class);
	}

	@Test
	void renewalRetriesAreSpacedWhileStsFails() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		issuerFails();
		this.clock.set(first.credentials().expiration().minus(Duration.ofMinutes(10)));

		for (int i = 0; i < 20; i++) {
			assertThat(this.service.credentialsFor(KEY, DEADLINE)).isSameAs(first);
		}
		verify(this.issuer, times(2)).issue(any(), any());
		this.clock.advance(Duration.ofSeconds(10));
		this.service.credentialsFor(KEY, DEADLINE);
		verify(this.issuer, times(3)).issue(any(), any());
	}

	@Test
	void aSlowFirstIssuanceAnswersUnavailableAtTheDeadlineAndIsCachedWhenItCompletes() {
		this.executor.hold();

		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessageContaining("did not answer within 50 ms");
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamUnavailableException.class);

		this.executor.runPending();
		verify(this.issuer, times(1).description("the second miss joined the first")).issue(any(), any());
		assertThat(this.service.credentialsFor(KEY, DEADLINE).credentials().accessKeyId()).isEqualTo("ASIA1");
	}

	@Test
	void aRefusalIsRememberedAndForgottenWhenTheWorkloadChanges() {
		doThrow(new UpstreamRejectedException("AccessDenied", "refused")).when(this.issuer).issue(any(), any());

		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamRejectedException.class);
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamRejectedException.class);
		verify(this.issuer, times(1)).issue(any(), any());

		issuerSucceeds();
		this.service.on(new WorkloadChanged("app"));
		assertThat(this.service.credentialsFor(KEY, DEADLINE).credentials().accessKeyId()).isEqualTo("ASIA1");
	}

	@Test
	void aChangedWorkloadIsIssuedAgainAtOnce() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);

		this.service.on(new WorkloadChanged("app"));

		assertThat(this.service.credentialsFor(KEY, DEADLINE)).isNotSameAs(first);
		verify(this.issuer, times(2)).issue(any(), any());
	}

	private void issuerSucceeds() {
		doAnswer((invocation) -> {
			int n = this.issued.incrementAndGet();
			return new IssuedCredentials("ASIA" + n, Secret.of("secret" + n), Secret.of("token" + n),
					this.clock.instant().plus(LIFETIME), "123456789012", WORKLOAD.recipe().roleArn());
		}).when(this.issuer).issue(any(), any());
	}

	private void issuerFails() {
		doThrow(new UpstreamUnavailableException("STS is down")).when(this.issuer).issue(any(), any());
	}

	/** Runs tasks at once, or, once held, when the test says. */
	static final class HeldExecutor implements Executor {

		private final Queue<Runnable> queue = new ArrayDeque<>();

		private boolean held;

		@Override
		public synchronized void execute(Runnable task) {
			if (this.held) {
				this.queue.add(task);
			}
			else {
				task.run();
			}
		}

		synchronized void hold() {
			this.held = true;
		}

		synchronized int pending() {
			return this.queue.size();
		}

		void runPending() {
			Runnable task;
			while ((task = poll()) != null) {
				task.run();
			}
		}

		private synchronized Runnable poll() {
			return this.queue.poll();
		}

	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		void set(Instant instant) {
			this.now = instant;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
