package dev.credbroker.issuance.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.credbroker.issuance.StsProperties;

@Configuration(proxyBeanMethods = false)
class IssuanceConfiguration {

	/**
	 * Runs STS calls off the request threads, so a request can stop waiting at its
	 * deadline.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ThreadPoolExecutor stsExecutor(StsProperties properties) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, "sts-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Drains {@link #stsExecutor} at shutdown while the store is still open: an issuance
	 * in flight finishes and is audited (bounded by
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}).
	 */
	@Bean
	StsExecutorDrain stsExecutorDrain(@Qualifier("stsExecutor") ThreadPoolExecutor stsExecutor,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration bound) {
		return new StsExecutorDrain(stsExecutor, bound);
	}

}
