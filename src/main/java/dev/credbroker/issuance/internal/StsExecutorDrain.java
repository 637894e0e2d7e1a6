package dev.credbroker.issuance.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Lets the STS calls in flight at shutdown finish, and record their audit rows, before
 * the beans close: lifecycle beans stop before any bean is destroyed, so the store (whose
 * pool closes when its bean is destroyed) is still open. Stops after the web server
 * (whose graceful shutdown lets waiting requests take their answers), then waits up to
 * the shutdown bound and only then interrupts what is left.
 */
class StsExecutorDrain implements SmartLifecycle {

	/** After the web server's graceful shutdown and stop phases. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger log = LoggerFactory.getLogger(StsExecutorDrain.class);

	private final ExecutorService executor;

	private final Duration bound;

	private volatile boolean running;

	StsExecutorDrain(ExecutorService executor, Duration bound) {
		this.executor = executor;
		this.bound = bound;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(this.bound.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("STS calls still running after {}: interrupting them", this.bound);
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
