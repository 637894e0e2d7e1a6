package dev.credbroker.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Replication of admin changes between broker instances sharing a store.
 *
 * @param pollInterval how often an instance looks for other instances' changes; a deleted
 * workload or rotated-out token stops working everywhere within about this time
 * @param retention how long change rows are kept
 */
@ConfigurationProperties("credbroker.sync")
public record SyncProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("1d") Duration retention) {
}
