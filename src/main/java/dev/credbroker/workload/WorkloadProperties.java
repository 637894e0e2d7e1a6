package dev.credbroker.workload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rules for workloads.
 *
 * @param minDuration the shortest recipe duration accepted; shorter credentials could not
 * be served with the 20 minutes of life SDKs expect
 * @param tokenGrace how long a rotated-out token keeps working, so that token files can
 * roll
 * @param maxTokensInGrace rotated-out tokens one workload may have in their grace period
 * at once; a rotation past it is refused (409) until the oldest one's grace ends
 */
@ConfigurationProperties("credbroker.workloads")
public record WorkloadProperties(@DefaultValue("1800s") Duration minDuration, @DefaultValue("5m") Duration tokenGrace,
		@DefaultValue("3") int maxTokensInGrace) {
}
