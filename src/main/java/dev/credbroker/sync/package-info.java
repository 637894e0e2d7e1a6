/**
 * Keeps broker instances that share one store in step: every admin change is written to
 * {@code store_changes} in the transaction that makes it (with a PostgreSQL
 * notification), and every instance replays other instances' changes as local events,
 * reloading everything when it may have missed one
 * ({@link dev.credbroker.common.Resync}).
 */
package dev.credbroker.sync;
