package dev.credbroker.ops;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, keeps serving for {@code credbroker.shutdown.delay} before anything else
 * stops, while Services and proxies stop routing new connections to this instance. It
 * stops first of all lifecycle beans, so the web server is still accepting connections
 * during the delay. For clusters without {@code lifecycle.preStop.sleep} (Kubernetes
 * before 1.30), where the image has no {@code sleep} to run; 0 (the default) turns it
 * off.
 */
@Component
class ShutdownDelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDelay.class);

	private final Duration delay;

	private final Sleeper sleeper;

	private volatile boolean running;

	@Autowired
	ShutdownDelay(Settings settings) {
		this(settings.delay(), Thread::sleep);
	}

	ShutdownDelay(Duration delay, Sleeper sleeper) {
		this.delay = delay;
		this.sleeper = sleeper;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.delay.isZero() || this.delay.isNegative()) {
			return;
		}
		log.info("Shutting down in {} s: still serving while this instance is taken out of rotation "
				+ "(credbroker.shutdown.delay)", this.delay.toSeconds());
		try {
			this.sleeper.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** First to stop: before the web server's graceful shutdown closes the connector. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/** How the delay is waited for (the JDK's sleep; a test records it instead). */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

	/**
	 * Shutdown settings.
	 *
	 * @param delay how long the broker keeps serving after SIGTERM before it stops
	 * accepting connections; 0 turns it off
	 */
	@ConfigurationProperties("credbroker.shutdown")
	record Settings(@DefaultValue("0s") Duration delay) {
	}

}
