package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.context.SmartLifecycle;

class StsExecutorDrainTest {

	final ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

	@Test
	void stopWaitsForTheCallsInFlightToFinishUninterrupted() throws Exception {
		CountDownLatch sts = new CountDownLatch(1);
		AtomicBoolean audited = new AtomicBoolean();
		this.executor.execute(() -> {
			try {
				sts.await();
				audited.set(true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		StsExecutorDrain drain = new StsExecutorDrain(this.executor, Duration.ofSeconds(30));
		drain.start();
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(drain::stop);

		await().until(this.executor::isShutdown);
		assertThat(stopping).isNotDone();
		sts.countDown();
		await().until(stopping::isDone);
		assertThat(audited).isTrue();
		assertThat(this.executor.isTerminated()).isTrue();
		assertThat(drain.isRunning()).isFalse();
	}

	@Test
	void stopInterruptsWhatIsLeftAfterTheBound() {
		AtomicBoolean interrupted = new AtomicBoolean();
		this.executor.execute(() -> {
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
		});
		new StsExecutorDrain(this.executor, Duration.ofMillis(200)).stop();
		await().untilTrue(interrupted);
		await().until(this.executor::isTerminated);
	}

	@Test
	void stopsAfterTheWebServer() {
		// Boot's graceful web server shutdown and web server stop run in higher phases
		assertThat(StsExecutorDrain.PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
	}

}
