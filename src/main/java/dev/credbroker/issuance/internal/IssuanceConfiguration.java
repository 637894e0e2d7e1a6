package dev.credbroker.issuance.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

}
