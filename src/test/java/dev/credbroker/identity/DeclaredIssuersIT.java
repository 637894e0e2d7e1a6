package dev.credbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.OidcTestIssuer;

/**
 * Issuers declared in configuration ({@code credbroker.issuers.<name>.*}) are checked at
 * start as strictly as the admin API checks its own: a bad one stops the broker with a
 * message naming the property and what is allowed, before it serves anything.
 */
class DeclaredIssuersIT {

	private static final String ISSUER = "https://issuer.example";

	@Test
	void aBadDeclaredIssuerStopsTheBrokerNamingTheProperty(@TempDir Path dataDir, @TempDir Path files)
			throws IOException {
		Path notPem = Files.writeString(files.resolve("not-a-ca.crt"), "this is no certificate\n");
		Path ca;
		try (OidcTestIssuer issuer = OidcTestIssuer.start(Files.createDirectories(files.resolve("ca")))) {
			ca = Files.copy(issuer.caFile(), files.resolve("ca.crt"));
		}
		Map<Map<String, String>, List<String>> bad = new LinkedHashMap<>();
		bad.put(Map.of("issuer", "http://issuer.example", "audiences", "a"),
				List.of("credbroker.issuers.bad.issuer", "must be an https URL"));
		bad.put(Map.of("issuer", ISSUER), List.of("credbroker.issuers.bad.audiences", "is required"));
		bad.put(Map.of("issuer", ISSUER, "audiences", ""), List.of("credbroker.issuers.bad.audiences", "is required"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "algorithms", "none"),
				List.of("credbroker.issuers.bad.algorithms", "'none' is not accepted"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "algorithms", "RS256,HS256"),
				List.of("credbroker.issuers.bad.algorithms", "'HS256' is not accepted"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "jwks-uri", "http://issuer.example/keys"),
				List.of("credbroker.issuers.bad.jwks-uri", "must be an https URL"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "ca-certificate-file", files.resolve("missing").toString()),
				List.of("credbroker.issuers.bad.ca-certificate-file", "cannot be read",
						files.resolve("missing").toString()));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "ca-certificate-file", notPem.toString()),
				List.of("credbroker.issuers.bad.ca-certificate-file", "must be PEM"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "ca-certificate", "nope"),
				List.of("credbroker.issuers.bad.ca-certificate", "must be PEM"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "ca-certificate", Files.readString(ca),
				"ca-certificate-file", ca.toString()),
				List.of("credbroker.issuers.bad.ca-certificate-file",
						"give one of ca-certificate and ca-certificate-file"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "bearer-token-file", "token"),
				List.of("credbroker.issuers.bad.bearer-token-file", "must be an absolute path"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "clock-skew", "1h"),
				List.of("credbroker.issuers.bad.clock-skew", "between 0s and 10m"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "clock-skew", "soon"),
				List.of("credbroker.issuers.bad.clock-skew"));
		bad.put(Map.of("issuer", ISSUER, "audiences", "a", "max-token-lifetime", "0s"),
				List.of("credbroker.issuers.bad.max-token-lifetime", "longer than 0s"));
		List<String> failures = new ArrayList<>();
		bad.forEach((properties, expected) -> {
			BrokerApp broker = BrokerApp.on(dataDir);
			properties.forEach((property, value) -> broker.property("credbroker.issuers.bad." + property, value));
			Throwable failure = catchThrowable(broker::start);
			broker.stop();
			String messages = messages(failure);
			if (failure == null || !expected.stream().allMatch(messages::contains)) {
				failures.add(properties + " -> " + ((failure != null) ? messages : "started"));
			}
		});
		assertThat(failures).as("declared issuers not refused naming the property").isEmpty();
	}

	@Test
	void twoDeclaredIssuersWithOneIssuerUrlStopTheBrokerNamingBoth(@TempDir Path dataDir) {
		BrokerApp broker = BrokerApp.on(dataDir)
			.property("credbroker.issuers.first.issuer", ISSUER)
			.property("credbroker.issuers.first.audiences", "a")
			.property("credbroker.issuers.second.issuer", ISSUER)
			.property("credbroker.issuers.second.audiences", "a");
		Throwable failure = catchThrowable(broker::start);
		broker.stop();
		assertThat(messages(failure)).contains("credbroker.issuers.second.issuer")
			.contains("credbroker.issuers.first.issuer");
	}

	@Test
	void anIssuerDeclaredWithTheUrlOfOneCreatedThroughTheApiStopsTheBrokerNamingBoth(@TempDir Path dataDir) {
		BrokerApp broker = BrokerApp.on(dataDir).start();
		try {
			HttpJson.Response created = broker.admin().put("/admin/v1/issuers/cluster", """
					{"issuer":"%s","audiences":["a"]}""".formatted(ISSUER));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
		}
		finally {
			broker.stop();
		}

		broker.property("credbroker.issuers.kubernetes.issuer", ISSUER)
			.property("credbroker.issuers.kubernetes.audiences", "a");
		Throwable failure = catchThrowable(broker::start);
		broker.stop();

		// otherwise which of the two checks a token with that iss would be left to chance
		assertThat(messages(failure)).contains("credbroker.issuers.kubernetes.issuer")
			.contains("issuer 'cluster'")
			.contains("admin API")
			.contains("DELETE /admin/v1/issuers/cluster");
	}

	/**
	 * The messages of the failure and its causes but Spring's own about creating beans,
	 * as the start-up log shows them.
	 */
	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage());
			if (!message.startsWith("Error creating bean") && !message.startsWith("Failed to instantiate")
					&& !message.startsWith("Unable to start web server")) {
				messages.append(message).append(" / ");
			}
		}
		return messages.toString();
	}

}
