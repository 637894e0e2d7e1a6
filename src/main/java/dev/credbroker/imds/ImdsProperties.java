package dev.credbroker.imds;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The IMDSv2 listeners: each an address and port of its own, bound to one workload, that
 * EC2-style clients (every AWS SDK and the CLI, with
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}) read instance-profile credentials from.
 * There is no caller authentication: whoever reaches a listener gets its workload's
 * credentials, as on EC2.
 *
 * @param listeners the listeners; none by default
 * @param v1Enabled whether {@code GET} requests without a session token (IMDSv1) are
 * answered; off by default, as AWS recommends
 */
@ConfigurationProperties("credbroker.imds")
public record ImdsProperties(@DefaultValue List<Listener> listeners, @DefaultValue("false") boolean v1Enabled) {

	/**
	 * One IMDS listener.
	 *
	 * @param address the address to bind; loopback by default (binding any other logs a
	 * warning)
	 * @param port the port to bind
	 * @param workload the one workload whose credentials this listener serves; it may be
	 * created after start-up (until then the listener answers 404 for its role)
	 * @param region the region answered at {@code placement/region} and in the instance
	 * identity document; by default {@code credbroker.sts.region}
	 */
	public record Listener(@DefaultValue("127.0.0.1") String address, int port, String workload, String region) {

		/** {@code address:port}, for log lines and audit details. */
		public String describe() {
			return this.address + ":" + this.port;
		}

	}

}
