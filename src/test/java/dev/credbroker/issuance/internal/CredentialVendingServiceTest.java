package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import dev.credbroker.audit.AuditLog;
import dev.credbroker.crypto.Secret;
import dev.credbroker.issuance.CacheProperties;
import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;
import dev.credbroker.source.Source;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceType;
import dev.credbroker.testsupport.MutableClock;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RecipeType;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;

/**
 * The cache rules with a stub issuer, a clock the test moves and an executor the test
 * drives: no STS, no sleeps.
 */
class CredentialVendingServiceTest {

	private static final Instant START = Instant.parse("2026-11-25T22:00:00Z");

	private static final Duration LIFETIME = Duration.ofHours(1);

	private static final Duration DEADLINE = Duration.ofMillis(50);

	private static final CacheProperties PROPERTIES = new CacheProperties(100, Duration.ofMinutes(20),
			Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofSeconds(10),
			Duration.ofSeconds(10));

	private static final Workload WORKLOAD = new Workload("app", "g1", "main", new Recipe(RecipeType.ASSUME_ROLE,
			"arn:aws:iam::123456789012:role/app", null, null, null, null, null, 3600, null), true, 1, "hash", List.of(),
			START, START);

	private static final Source SOURCE = new Source("main", SourceType.STATIC, "AKIAEXAMPLE", Secret.of("s"), null,
			null, null, 1, START, START);

	private static final IssuanceKey KEY = IssuanceKey.of(WORKLOAD);

	private final MutableClock clock = new MutableClock(START);

	private final HeldExecutor executor = new HeldExecutor();

	private final StubIssuer issuer = new StubIssuer();

	private final StsGateway sts = new StsGateway(StsGatewayTest.PROPERTIES, new SimpleMeterRegistry());

	private CredentialVendingService service;

	@BeforeEach
	void setUp() {
		WorkloadCatalog workloads = stub(WorkloadCatalog.class, "findForIssuance", Optional.of(WORKLOAD));
		SourceCatalog sources = stub(SourceCatalog.class, "findForIssuance", Optional.of(SOURCE));
		AuditLog audit = stub(AuditLog.class, "record", null);
		issuerSucceeds();
		this.service = new CredentialVendingService(workloads, sources, this.issuer,
				new SourceCredentials(null, this.clock, new StoreAvailability()), new IssuanceAudit(audit), PROPERTIES,
				this.executor, Runnable::run, this.clock, new SimpleMeterRegistry(), this.sts);
	}

	@Test
	void theCachesUpkeepNeverQueuesBehindHeldStsCalls() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		this.executor.hold();
		this.clock.set(first.credentials().expiration());

		this.service.credentialsAsync(KEY, DEADLINE);

		assertThat(this.executor.pending()).as("only the new issuance waits for an STS thread").isEqualTo(1);
	}

	@Test
	void aFreshEntryIsServedWithoutCallingStsAgain() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		this.clock.advance(Duration.ofMinutes(29));
		CachedCredentials second = this.service.credentialsFor(KEY, DEADLINE);

		assertThat(second).isSameAs(first);
		assertThat(first.credentials().accessKeyId()).isEqualTo("ASIA1");
		assertThat(this.issuer.calls).hasValue(1);
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
		assertThat(this.issuer.calls).as("one renewal for both requests").hasValue(2);
		assertThat(this.service.credentialsFor(KEY, DEADLINE).credentials().accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void theSweepRenewsServedEntriesOnlyAndOnlyWhenDue() {
		this.service.credentialsFor(KEY, DEADLINE);
		this.clock.advance(Duration.ofMinutes(29));
		this.service.renewDueEntries();
		assertThat(this.issuer.calls).hasValue(1);

		this.clock.advance(Duration.ofMinutes(2));
		this.service.renewDueEntries();
		assertThat(this.issuer.calls).hasValue(2);

		this.clock.advance(Duration.ofMinutes(31));
		this.service.renewDueEntries();
		assertThat(this.issuer.calls).as("the renewed entry was never asked for").hasValue(2);
	}

	@Test
	void staleCredentialsWaitOnlyWhatIsLeftOfTheDeadlineFromTheRenewalsStartThenAreServedAtOnce() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);
		this.executor.hold();
		this.clock.set(first.schedule().freshUntil().plusSeconds(1));

		CompletableFuture<CachedCredentials> startingTheRenewal = this.service.credentialsAsync(KEY, DEADLINE);
		this.clock.advance(DEADLINE);
		CompletableFuture<CachedCredentials> afterTheDeadline = this.service.credentialsAsync(KEY, DEADLINE);

		assertThat(startingTheRenewal).as("waits for the renewal, at most the deadline").isNotDone();
		assertThat(afterTheDeadline).as("the renewal has outlived the deadline: no wait").isCompletedWithValue(first);
		assertThat(this.service.servableNow(KEY)).isSameAs(first);
		assertThat(this.executor.pending()).as("one renewal").isEqualTo(1);
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
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE)).as("never expired credentials")
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
		assertThat(this.issuer.calls).hasValue(2);
		this.clock.advance(Duration.ofSeconds(10));
		this.service.credentialsFor(KEY, DEADLINE);
		assertThat(this.issuer.calls).hasValue(3);
	}

	@Test
	void anIssuanceStillRetryingAnUnreachableStsSaysWhyAtTheDeadline() {
		assertThatThrownBy(() -> this.sts.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> {
			throw SdkClientException.builder().cause(new ConnectException("Connection refused")).build();
		}));
		this.executor.hold();

		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessageStartingWith("STS at https://sts.us-east-1.amazonaws.com is unreachable: connection refused; "
					+ "check credbroker.sts.endpoint and the network (still retrying; no credentials within 50 ms");
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
		assertThat(this.issuer.calls).as("the second miss joined the first").hasValue(1);
		assertThat(this.service.credentialsFor(KEY, DEADLINE).credentials().accessKeyId()).isEqualTo("ASIA1");
	}

	@Test
	void aRequestArrivingJustAfterAFailedIssuanceStartsItsOwnInsteadOfTakingThatFailure() {
		issuerFails();
		this.executor.hold();
		CompletableFuture<CachedCredentials> first = this.service.credentialsAsync(KEY, DEADLINE);
		List<CompletableFuture<CachedCredentials>> next = new ArrayList<>();
		// The caller's answer completes before the cache has dropped the failed entry
		// (the cache's own callback runs after it): the client's next request can come
		// in between.
		first.whenComplete((credentials, failure) -> next.add(this.service.credentialsAsync(KEY, DEADLINE)));

		this.executor.runPending();
		this.executor.runPending();

		assertThat(first).isCompletedExceptionally();
		assertThat(next).singleElement().satisfies((second) -> assertThat(second).isCompletedExceptionally());
		assertThat(this.issuer.calls).as("each request tried STS itself").hasValue(2);
	}

	@Test
	void anIssuanceThatFailsBeforeItsCallerLooksIsThatCallersAnswerNotARetry() {
		issuerFails();

		// The executor runs the issuance at once: it has failed by the time the call
		// returns, as a refused STS connection can on a busy machine.
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamUnavailableException.class);

		assertThat(this.issuer.calls).as("one request, one STS call").hasValue(1);
	}

	@Test
	void aRefusalIsRememberedAndForgottenWhenTheWorkloadChanges() {
		this.issuer.behaviour = () -> {
			throw new UpstreamRejectedException("AccessDenied", "refused");
		};

		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamRejectedException.class);
		assertThatThrownBy(() -> this.service.credentialsFor(KEY, DEADLINE))
			.isInstanceOf(UpstreamRejectedException.class);
		assertThat(this.issuer.calls).hasValue(1);

		issuerSucceeds();
		this.service.on(new WorkloadChanged("app"));
		assertThat(this.service.credentialsFor(KEY, DEADLINE).credentials().accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void aChangedWorkloadIsIssuedAgainAtOnce() {
		CachedCredentials first = this.service.credentialsFor(KEY, DEADLINE);

		this.service.on(new WorkloadChanged("app"));

		assertThat(this.service.credentialsFor(KEY, DEADLINE)).isNotSameAs(first);
		assertThat(this.issuer.calls).hasValue(2);
	}

	private void issuerSucceeds() {
		this.issuer.behaviour = () -> {
			int n = this.issuer.calls.get();
			return new IssuedCredentials("ASIA" + n, Secret.of("secret" + n), Secret.of("token" + n),
					this.clock.instant().plus(LIFETIME), "123456789012", WORKLOAD.recipe().roleArn());
		};
	}

	private void issuerFails() {
		this.issuer.behaviour = () -> {
			throw new UpstreamUnavailableException("STS is down");
		};
	}

	/**
	 * An interface implementation answering one method with a fixed value; any other
	 * method fails the test.
	 */
	private static <T> T stub(Class<T> type, String method, Object answer) {
		return type
			.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, invoked, args) -> {
				if (invoked.getName().equals(method)) {
					return answer;
				}
				throw new UnsupportedOperationException(invoked.getName());
			}));
	}

	/**
	 * Counts its calls and does what the test says; the first call issues ASIA1, the next
	 * ASIA2...
	 */
	static final class StubIssuer extends RecipeIssuer {

		final AtomicInteger calls = new AtomicInteger();

		volatile Supplier<IssuedCredentials> behaviour;

		StubIssuer() {
			super(null, null, null);
		}

		@Override
		IssuedCredentials issue(Workload workload, Source source, boolean renewal) {
			this.calls.incrementAndGet();
			return this.behaviour.get();
		}

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

}
