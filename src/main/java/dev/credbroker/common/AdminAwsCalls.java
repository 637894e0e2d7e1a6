package dev.credbroker.common;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Runs an admin request's calls to AWS on a small bounded pool of its own and answers the
 * request asynchronously, so that a slow or unreachable STS or IAM holds none of the few
 * request threads the container endpoint is served by
 * ({@code server.tomcat.threads.max}). A full pool answers 503 at once ({@link Busy}); a
 * call that outlives the timeout answers 503 ({@link TimedOut}) and goes on in the
 * background.
 */
@Component
public class AdminAwsCalls implements DisposableBean {

	private final ThreadPoolExecutor executor;

	private final AdminAwsCallProperties properties;

	public AdminAwsCalls(AdminAwsCallProperties properties) {
		this.properties = properties;
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60, TimeUnit.SECONDS,
				(properties.queue() > 0) ? new ArrayBlockingQueue<>(properties.queue()) : new SynchronousQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "admin-aws-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * The answer of {@code call}, run off the request thread; the request's log context
	 * (request id) goes with it.
	 * @throws Busy when every thread is busy and the queue is full
	 */
	public <T> DeferredResult<T> run(Supplier<T> call) {
		DeferredResult<T> result = new DeferredResult<>(this.properties.timeout().toMillis());
		result.onTimeout(() -> result.setErrorResult(new TimedOut(this.properties)));
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		try {
			this.executor.execute(() -> {
				if (logContext != null) {
					MDC.setContextMap(logContext);
				}
				try {
					result.setResult(call.get());
				}
				catch (RuntimeException ex) {
					result.setErrorResult(ex);
				}
				finally {
					MDC.clear();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			throw new Busy(this.properties);
		}
		return result;
	}

	/** Calls running or waiting now. */
	int inFlight() {
		return this.executor.getActiveCount() + this.executor.getQueue().size();
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

	/** Every thread for admin calls to AWS is busy and the queue is full. */
	public static final class Busy extends RuntimeException {

		Busy(AdminAwsCallProperties properties) {
			super(properties.threads() + " admin calls to AWS are running and " + properties.queue()
					+ " waiting (credbroker.admin.aws-calls.threads, .queue); retry in a few seconds");
		}

	}

	/** The call outlived {@code credbroker.admin.aws-calls.timeout}; it goes on. */
	public static final class TimedOut extends RuntimeException {

		TimedOut(AdminAwsCallProperties properties) {
			super("The call to AWS did not finish within " + properties.timeout().toSeconds()
					+ " s (credbroker.admin.aws-calls.timeout); it goes on in the background: "
					+ "its outcome shows in the audit log and on the resource");
		}

	}

}
