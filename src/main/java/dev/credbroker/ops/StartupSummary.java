package dev.credbroker.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.credbroker.admin.AdminProperties;
import dev.credbroker.issuance.StsProperties;

/**
 * One INFO line once the broker serves: where it listens, whether the admin API is on,
 * which store and which STS it uses. Never a credential.
 *
 * <pre>
 * Credential Broker ready: http://127.0.0.1:8080 (admin API on), store H2 file /srv/data/credbroker, STS https://sts.us-east-1.amazonaws.com (us-east-1)
 * </pre>
 */
@Component
class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

	private final Environment environment;

	private final AdminProperties admin;

	private final StsProperties sts;

	StartupSummary(Environment environment, AdminProperties admin, StsProperties sts) {
		this.environment = environment;
		this.admin = admin;
		this.sts = sts;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
			log.info(summary(web.getWebServer().getPort()));
		}
	}

	String summary(int port) {
		boolean tls = PlainHttpWarning.servesTls(this.environment);
		String address = this.environment.getProperty("server.address", "");
		String host = address.isEmpty() ? "0.0.0.0" : (address.contains(":") ? "[" + address + "]" : address);
		return "Credential Broker ready: " + (tls ? "https" : "http") + "://" + host + ":" + port + " (admin API "
				+ (this.admin.enabled() ? "on" : "off") + "), store "
				+ JdbcUrls.describeStore(this.environment.getProperty("spring.datasource.url")) + ", STS "
				+ this.sts.endpointFor(this.sts.region()) + " (" + this.sts.region() + ")";
	}

}
