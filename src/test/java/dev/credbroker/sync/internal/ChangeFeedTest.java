package dev.credbroker.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.credbroker.common.Resync;
import dev.credbroker.sync.SyncProperties;
import dev.credbroker.testsupport.MutableClock;
import dev.credbroker.workload.WorkloadChanged;

/**
 * The change feed against a real {@code store_changes} table (H2) and Spring's own event
 * listeners: other instances' rows are written here by hand, with the revisions a late
 * commit or a prune leaves.
 */
class ChangeFeedTest {

	private static final Duration GAP_WAIT = Duration.ofMinutes(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));

	private AnnotationConfigApplicationContext context;

	private JdbcClient jdbc;

	private ChangeFeed feed;

	private Steady steady;

	private Flaky flaky;

	@BeforeEach
	void feedWithTwoListeners() throws Exception {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:feed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		this.jdbc = JdbcClient.create(dataSource);
		this.jdbc.sql(Files.readString(Path.of("src/main/resources/db/migration/V2__store_changes.sql"))).update();
		this.context = new AnnotationConfigApplicationContext();
		this.context.registerBean("applicationEventMulticaster", IsolatingEventMulticaster.class,
				() -> new IsolatingEventMulticaster(this.context.getBeanFactory()));
		this.context.registerBean(Steady.class);
		this.context.registerBean(Flaky.class);
		this.context.refresh();
		this.steady = this.context.getBean(Steady.class);
		this.flaky = this.context.getBean(Flaky.class);
		this.feed = new ChangeFeed(new ChangeLog(this.jdbc, new StoreKind(dataSource)),
				this.context.getBean(IsolatingEventMulticaster.class),
				new SyncProperties(Duration.ofSeconds(1), Duration.ofDays(1), GAP_WAIT, Duration.ofMinutes(5), true),
				this.clock);
		this.feed.afterSingletonsInstantiated();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void eachListenerAppliesAChangeOnItsOwnAndOnlyTheOneThatFailedGetsItAgain() {
		this.flaky.failures = 1;
		changeByAnotherInstance(1, "disabled-elsewhere");

		this.feed.poll();

		assertThat(this.steady.applied).as("not stopped by the other's failure")
			.containsExactly(new WorkloadChanged("disabled-elsewhere", true));
		assertThat(this.flaky.applied).isEmpty();

		this.feed.poll();
		this.feed.poll();

		assertThat(this.flaky.applied).as("tried again")
			.containsExactly(new WorkloadChanged("disabled-elsewhere", true));
		assertThat(this.steady.applied).as("only the one that failed gets it again").hasSize(1);
	}

	@Test
	void aChangeThatCommitsAfterAHundredLaterOnesIsAppliedWhenItArrives() {
		changeByAnotherInstance(1, "first");
		for (long revision = 3; revision <= 150; revision++) {
			changeByAnotherInstance(revision, "later-" + revision);
		}
		this.feed.poll();
		this.clock.advance(GAP_WAIT.dividedBy(2));
		this.feed.poll();

		changeByAnotherInstance(2, "late");
		this.feed.poll();

		assertThat(this.steady.applied).hasSize(150).contains(new WorkloadChanged("late", true));
		assertThat(this.steady.reloads).as("no reload needed").isEmpty();
	}

	@Test
	void aChangeStillMissingAfterTheGapWaitIsAnsweredWithOneReload() {
		changeByAnotherInstance(1, "first");
		changeByAnotherInstance(3, "third");
		this.feed.poll();
		assertThat(this.steady.reloads).isEmpty();

		this.clock.advance(GAP_WAIT.plusSeconds(1));
		this.feed.poll();
		this.feed.poll();

		assertThat(this.steady.reloads).singleElement().asString().contains("did not arrive");
	}

	@Test
	void changeRowsPrunedBeforeThisInstanceReadThemAreAnsweredWithAReload() {
		changeByAnotherInstance(1, "seen");
		this.feed.poll();
		for (long revision = 2; revision <= 5; revision++) {
			changeByAnotherInstance(revision, "while-away-" + revision);
		}
		this.jdbc.sql("DELETE FROM store_changes WHERE revision < 5").update();

		this.feed.poll();

		assertThat(this.steady.reloads).singleElement().asString().contains("pruned");
		assertThat(this.flaky.reloads).hasSize(1);
	}

	/**
	 * Below the oldest row left may also be a transaction still open while every older
	 * row was pruned: reloaded at once, and still applied when it commits.
	 */
	@Test
	void aChangeMissingBelowTheOldestRowIsReloadedForAndStillAppliedWhenItArrives() {
		changeByAnotherInstance(2, "committed-first");
		this.feed.poll();
		assertThat(this.steady.reloads).hasSize(1);

		changeByAnotherInstance(1, "committed-late");
		this.feed.poll();

		assertThat(this.steady.applied).extracting(WorkloadChanged::name).contains("committed-late");
		assertThat(this.steady.reloads).hasSize(1);
	}

	@Test
	void aReloadThatOneListenerFailsIsTriedAgainForThatListenerOnly() {
		this.flaky.failures = 1;

		this.feed.reconcile();
		this.feed.poll();

		assertThat(this.steady.reloads).singleElement().asString().contains("reconciliation");
		assertThat(this.flaky.reloads).hasSize(1);
	}

	@Test
	void ownChangesAreNotReplayedButCloseGaps() {
		changeByAnotherInstance(1, "theirs");
		this.jdbc.sql("""
				INSERT INTO store_changes (revision, kind, name, origin, changed_at)
				VALUES (2, 'workload', 'mine', :origin, CURRENT_TIMESTAMP)
				""").param("origin", originOfFeed()).update();
		changeByAnotherInstance(3, "theirs-too");

		this.feed.poll();
		this.clock.advance(GAP_WAIT.plusSeconds(1));
		this.feed.poll();

		assertThat(this.steady.applied).extracting(WorkloadChanged::name).containsExactly("theirs", "theirs-too");
		assertThat(this.steady.reloads).isEmpty();
	}

	/**
	 * Replicas' clocks need not agree: a replica whose clock runs a month ahead prunes
	 * only what is older than the retention by the store's clock.
	 */
	@Test
	void pruningGoesByTheStoresClockNotThisInstances() {
		this.jdbc
			.sql("INSERT INTO store_changes (revision, kind, name, origin, changed_at) "
					+ "VALUES (1, 'workload', 'old', 'another-instance', DATEADD('DAY', -2, CURRENT_TIMESTAMP))")
			.update();
		changeByAnotherInstance(2, "recent");
		this.clock.advance(Duration.ofDays(30));

		this.feed.prune();

		assertThat(this.jdbc.sql("SELECT name FROM store_changes").query(String.class).list())
			.containsExactly("recent");
	}

	private String originOfFeed() {
		return ((ChangeLog) org.springframework.test.util.ReflectionTestUtils.getField(this.feed, "changes")).origin();
	}

	private void changeByAnotherInstance(long revision, String workload) {
		this.jdbc.sql("""
				INSERT INTO store_changes (revision, kind, name, origin, changed_at)
				VALUES (:revision, 'workload', :name, 'another-instance', CURRENT_TIMESTAMP)
				""").param("revision", revision).param("name", workload).update();
	}

	static class Steady {

		final List<WorkloadChanged> applied = new CopyOnWriteArrayList<>();

		final List<Resync> reloads = new CopyOnWriteArrayList<>();

		@EventListener
		void on(WorkloadChanged event) {
			this.applied.add(event);
		}

		@EventListener
		void on(Resync event) {
			this.reloads.add(event);
		}

	}

	static class Flaky {

		int failures;

		final List<WorkloadChanged> applied = new CopyOnWriteArrayList<>();

		final List<Resync> reloads = new CopyOnWriteArrayList<>();

		@EventListener
		void on(WorkloadChanged event) {
			failOnce();
			this.applied.add(event);
		}

		@EventListener
		void on(Resync event) {
			failOnce();
			this.reloads.add(event);
		}

		private void failOnce() {
			if (this.failures > 0) {
				this.failures--;
				throw new IllegalStateException("the store was briefly unreadable");
			}
		}

	}

}
