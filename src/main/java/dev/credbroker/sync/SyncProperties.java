package dev.credbroker.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Replication of admin changes between broker instances sharing a store.
 *
 * @param pollInterval how often an instance looks for other instances' changes when no
 * notification woke it (on PostgreSQL, {@code LISTEN/NOTIFY} wakes it at once; the poll
 * is the fallback for a missed notification)
 * @param retention how long change rows are kept (measured by the store's clock); a
 * replica away for longer reloads everything when it is back
 * @param gapWait how long a change number missing below later ones (a transaction that
 * commits late) is looked for before the replica reloads everything instead
 * @param reconcileInterval how often an instance reloads all workloads and sources from
 * the store anyway, as the backstop for a change it could not learn of otherwise
 * @param listen whether, on PostgreSQL, an instance listens for change notifications on a
 * connection of its own; off behind a pooler in transaction mode, where {@code LISTEN}
 * cannot work (changes then arrive with the poll)
 */
@ConfigurationProperties("credbroker.sync")
public record SyncProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("1d") Duration retention,
		@DefaultValue("1m") Duration gapWait, @DefaultValue("5m") Duration reconcileInterval,
		@DefaultValue("true") boolean listen) {
}
