package dev.credbroker.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.credbroker.audit.AuditEvent;

/**
 * The open coalescing windows of issuance failures: per identical failure (the event
 * without id or time), the row that counts it. A window lasts the coalesce interval from
 * its first failure; the first failure after it opens a new window, and so a new row.
 * Expired windows are closed by {@link #closeExpired} (or when a new one replaces them),
 * so the map holds only the failures of the last interval. Callers lock a window while
 * they use it and retry with a fresh one when they find it closed.
 */
final class FailureWindows {

	private final Duration interval;

	private final ConcurrentHashMap<AuditEvent, Window> open = new ConcurrentHashMap<>();

	FailureWindows(Duration interval) {
		this.interval = interval;
	}

	/**
	 * The window {@code failure} belongs to at {@code now}, opened if there is none; an
	 * expired window it replaces is closed and handed to {@code closed}.
	 */
	Window windowFor(AuditEvent failure, Instant now, Consumer<Window> closed) {
		List<Window> replaced = new ArrayList<>(1);
		Window window = this.open.compute(failure, (key, current) -> {
			if (current != null && !expired(current, now)) {
				return current;
			}
			if (current != null) {
				replaced.add(current);
			}
			return new Window(key, now);
		});
		replaced.stream().filter(Window::close).forEach(closed);
		return window;
	}

	/** Closes and hands to {@code closed} every window whose interval is over. */
	void closeExpired(Instant now, Consumer<Window> closed) {
		this.open.forEach((key, window) -> {
			if (expired(window, now) && this.open.remove(key, window) && window.close()) {
				closed.accept(window);
			}
		});
	}

	/** Closes every window (at shutdown). */
	void closeAll(Consumer<Window> closed) {
		this.open.forEach((key, window) -> {
			if (this.open.remove(key, window) && window.close()) {
				closed.accept(window);
			}
		});
	}

	int size() {
		return this.open.size();
	}

	private boolean expired(Window window, Instant now) {
		return !now.isBefore(window.start.plus(this.interval));
	}

	/**
	 * One identical failure's window and the row counting it. Guarded by its own monitor.
	 */
	static final class Window {

		private final AuditEvent failure;

		private final Instant start;

		private Long rowId;

		private Instant rowTime;

		private long count;

		private Instant last;

		private boolean closed;

		private Window(AuditEvent failure, Instant start) {
			this.failure = failure;
			this.start = start;
		}

		AuditEvent failure() {
			return this.failure;
		}

		synchronized boolean isClosed() {
			return this.closed;
		}

		/**
		 * The row now counting this failure, or {@code null} when none was stored yet.
		 */
		synchronized Long rowId() {
			return this.rowId;
		}

		synchronized void stored(long id, Instant at) {
			this.rowId = id;
			this.rowTime = at;
			this.count = 1;
			this.last = at;
		}

		synchronized void counted(Instant at) {
			this.count++;
			this.last = at;
		}

		synchronized Instant rowTime() {
			return this.rowTime;
		}

		synchronized long count() {
			return this.count;
		}

		synchronized Instant last() {
			return this.last;
		}

		private synchronized boolean close() {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			return true;
		}

	}

}
