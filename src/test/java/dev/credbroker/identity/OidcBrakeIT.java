package dev.credbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.ContainerEndpoint;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.OidcTestIssuer;

/**
 * OIDC tokens that prove nothing count toward the bad-token brake and their own metric
 * outcome, like unknown workload tokens; a token that proved its workload is still served
 * while its address is braked.
 */
class OidcBrakeIT {

	@Test
	void refusedOidcTokensEngageTheBrakeButARememberedTokenIsStillServed(@TempDir Path dir) throws Exception {
		try (OidcTestIssuer issuer = OidcTestIssuer.start(Files.createDirectories(dir.resolve("issuer")));
				BrokerApp broker = BrokerApp.on(Files.createDirectories(dir.resolve("data")))
					.unreachableSts()
					.property("credbroker.endpoint.bad-token-limit", 3)
					.property("credbroker.issuers.cluster.issuer", issuer.issuer())
					.property("credbroker.issuers.cluster.audiences", OidcTestIssuer.AUDIENCE)
					.property("credbroker.issuers.cluster.ca-certificate-file", issuer.caFile().toString())
					.start()) {
			AdminSteps admin = new AdminSteps(broker);
			admin.putSource("main", AdminBodies.staticSource());
			admin.putWorkload("api",
					AdminBodies.assumeRole("main")
						.with("staticToken", false)
						.with("identities",
								List.of(Map.of("issuer", "cluster", "subject", "system:serviceaccount:billing:api"))));
			String valid = issuer.token("system:serviceaccount:billing:api");
			ContainerEndpoint.assertAccepted(broker, valid);

			for (int i = 0; i < 3; i++) {
				HttpJson.Response refused = ContainerEndpoint.call(broker,
						issuer.token("system:serviceaccount:billing:api", (claims) -> claims.audience("other")));
				assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
			}
			HttpJson.Response braked = ContainerEndpoint.call(broker, issuer.token("system:serviceaccount:x:y"));
			assertThat(braked.status()).as(braked.toString()).isEqualTo(503);
			ContainerEndpoint.assertError(braked, "Throttled");
			// known (validated before) is always served, whatever else the address sent
			ContainerEndpoint.assertAccepted(broker, valid);

			var metrics = new BrokerScenario(broker).prometheus();
			assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "oidc_rejected")).isEqualTo(3);
		}
	}

}
