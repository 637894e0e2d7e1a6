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
 */
@ConfigurationProperties("credbroker.workloads")
public record WorkloadProperties(@DefaultValue("1800s") Duration minDuration, @DefaultValue("5m") Duration tokenGrace) {
}
