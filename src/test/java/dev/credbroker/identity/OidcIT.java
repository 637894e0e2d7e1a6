package dev.credbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.nimbusds.jose.JWSAlgorithm;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.ConcurrentPuts;
import dev.credbroker.testsupport.ContainerEndpoint;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.OidcTestIssuer;
import dev.credbroker.testsupport.VendingHarness;

/**
 * Workloads proving themselves with OIDC tokens of a real (test) issuer over https with
 * its own CA, against a broker issuing from an IAM-auth moto: the issuer {@code cluster}
 * is declared in configuration, others are created through the admin API.
 */
class OidcIT {

	private static final Path DIR = tempDir();

	static final OidcTestIssuer cluster = OidcTestIssuer.start(DIR.resolve("cluster"));

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of("credbroker.issuers.cluster.issuer",
			cluster.issuer(), "credbroker.issuers.cluster.audiences", OidcTestIssuer.AUDIENCE,
			"credbroker.issuers.cluster.ca-certificate-file", cluster.caFile().toString(),
			"credbroker.identity.jwks-refetch-interval", "3s", "credbroker.endpoint.bad-token-limit", "10000"));

	@AfterAll
	static void stopIssuer() {
		cluster.close();
	}

	@Test
	void aServiceAccountTokenSignedRs256OrEs256GetsItsWorkloadsCredentialsAndTheAuditSaysHow() {
		String name = world.newWorkloadName("billing");
		String subject = "system:serviceaccount:" + name + ":api";
		HttpJson.Response created = createBoundWorkload(name, subject, false);
		assertThat(created.json().has("token")).as("no static token is shown: %s", created).isFalse();
		assertThat(created.json().get("staticToken").asBoolean()).isFalse();
		assertOidcEnvironment(created, "cluster");

		HttpJson.Response rs256 = awaitServed(cluster.token(subject));
		String accessKeyId = rs256.json().get("AccessKeyId").asString();
		assertThat(accessKeyId).startsWith("ASIA");
		HttpJson.Response es256 = world.credentials(cluster.es256Token(subject));
		assertThat(es256.status()).as(es256.toString()).isEqualTo(200);
		// The same workload, so the same cached credentials.
		assertThat(es256.json().get("AccessKeyId").asString()).isEqualTo(accessKeyId);

		JsonNode events = world.broker().admin().get("/admin/v1/audit?workload=" + name).json();
		assertThat(events).anySatisfy((event) -> {
			assertThat(event.get("action").asString()).isEqualTo("issue");
			assertThat(event.get("outcome").asString()).isEqualTo("success");
			assertThat(event.get("detail").asString()).isEqualTo("oidc:cluster:" + subject);
		});
		// the workload has no static token to rotate
		HttpJson.Response rotate = world.broker().admin().post("/admin/v1/workloads/" + name + "/token", null);
		assertThat(rotate.status()).as(rotate.toString()).isEqualTo(409);
	}

	/**
	 * The answer to creating a workload without a static token gives the environment it
	 * sets, as a token workload's answer does, with the token file in place of the token.
	 */
	private static void assertOidcEnvironment(HttpJson.Response created, String issuer) {
		JsonNode env = created.json().get("env");
		assertThat(env).as(created.toString()).isNotNull();
		assertThat(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").asString())
			.isEqualTo(world.broker().credentialsUri().toString());
		assertThat(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").asString())
			.isEqualTo("/var/run/secrets/credbroker/token");
		assertThat(env.has("AWS_CONTAINER_AUTHORIZATION_TOKEN")).as("never both token variables").isFalse();
		assertThat(env.get("AWS_REGION").asString()).isEqualTo(world.moto().region());
		assertThat(env.get("AWS_DEFAULT_REGION").asString()).isEqualTo(world.moto().region());
		// the same variables a token workload's answer has, but the token file for the
		// token
		HttpJson.Response tokenWorkload = world.broker()
			.admin()
			.put("/admin/v1/workloads/" + world.newWorkloadName("with-token"), world.assumeAppRole(""));
		List<String> tokenVariables = new java.util.ArrayList<>(tokenWorkload.json().get("env").propertyNames());
		tokenVariables.replaceAll((variable) -> variable.equals("AWS_CONTAINER_AUTHORIZATION_TOKEN")
				? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" : variable);
		assertThat(env.propertyNames()).containsExactlyElementsOf(tokenVariables);
		assertThat(created.json().get("notes").toString()).contains("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
			.contains("issuer '" + issuer + "'")
			.contains("Unset AWS_ACCESS_KEY_ID");
	}

	@Test
	void aWildcardSubjectWithAClaimBindsEveryServiceAccountOfTheNamespace() {
		String name = world.newWorkloadName("team");
		HttpJson.Response created = world.broker().admin().put("/admin/v1/workloads/" + name, world.assumeAppRole("""
				,"identities":[{"issuer":"cluster","subject":"system:serviceaccount:%s:*",
				"claims":{"kubernetes.io/namespace":"%s"}}]""".formatted(name, name)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		// a workload with identities keeps its static token unless told otherwise
		assertThat(created.json().get("token").asString()).startsWith("cbw_");
		awaitServed(cluster.token("system:serviceaccount:" + name + ":worker"));
		// the claim must match too
		HttpJson.Response wrongClaim = world.credentials(cluster.token("system:serviceaccount:" + name + ":worker",
				(claims) -> claims.claim("kubernetes.io", Map.of("namespace", "elsewhere"))));
		assertRefused(wrongClaim, "No workload bound to subject 'system:serviceaccount:" + name + ":worker'");
	}

	@Test
	void attacksAreRefusedNamingTheFailedCheckAndServeNothing() {
		String subject = servedServiceAccount("target");
		Instant now = Instant.now();
		Map<String, String> attacks = new LinkedHashMap<>();
		attacks.put(cluster.unsignedToken(subject), "Unsigned token (alg: none)");
		attacks.put(cluster.hs256WithPublicKey(subject), "Algorithm HS256 is not allowed");
		attacks.put(cluster.token(subject, (claims) -> claims.issuer("https://evil.example")),
				"Unknown issuer 'https://evil.example'");
		attacks.put(cluster.token(subject, (claims) -> claims.issuer(cluster.issuer() + "/")), "Unknown issuer");
		attacks.put(cluster.token(subject, (claims) -> claims.audience("sts.amazonaws.com")),
				"Wrong audience: the token is for [sts.amazonaws.com]");
		attacks.put(cluster.token(subject,
				(claims) -> claims.issueTime(Date.from(now.minus(Duration.ofHours(2))))
					.notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
					.expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))),
				"Expired token");
		attacks.put(
				cluster.token(subject, (claims) -> claims.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10))))),
				"Token not valid yet: nbf");
		attacks.put(
				cluster.token(subject, (claims) -> claims.expirationTime(Date.from(now.plus(Duration.ofHours(25))))),
				"Token lifetime too long");
		attacks.put(cluster.tokenWithUnknownKid(subject), "Unknown key id (kid) 'never-published'");
		attacks.put(cluster.tamperedToken("system:serviceaccount:nobody:api", subject), "Bad signature");
		String unbound = subject.replace(":api", ":other");
		attacks.put(cluster.token(unbound), "No workload bound to subject '" + unbound + "' of issuer 'cluster'");
		attacks.put(cluster.token(subject, (claims) -> claims.claim("padding", "x".repeat(12 * 1024))),
				"Token too long");
		attacks.forEach((token, check) -> {
			HttpJson.Response response = world.credentials(token);
			assertRefused(response, check);
			// never echoes the token (its payload part, which every attack has)
			assertThat(response.body()).doesNotContain(token.split("\\.")[1]);
		});
		// Past what Tomcat reads at all: still the endpoint's JSON shape, never an HTML
		// page.
		HttpJson.Response huge = world
			.credentials(cluster.token(subject, (claims) -> claims.claim("padding", "x".repeat(30 * 1024))));
		assertThat(huge.status()).as(huge.toString()).isIn(400, 401);
		assertThat(huge.header("Content-Type")).startsWith("application/json");
		assertThat(huge.body()).doesNotContain("AccessKeyId", "<html");
	}

	@Test
	void anOverlappingBindingIsRefusedAtWriteNamingTheOtherWorkload() {
		String first = world.newWorkloadName("first");
		String namespace = first;
		createBoundWorkload(first, "system:serviceaccount:" + namespace + ":*", false);
		String second = world.newWorkloadName("second");
		HttpJson.Response overlapping = world.broker()
			.admin()
			.put("/admin/v1/workloads/" + second, boundBody("system:serviceaccount:" + namespace + ":api", false));
		assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(409);
		assertThat(overlapping.json().get("detail").asString()).contains("overlaps workload '" + first + "'");
		assertThat(world.broker().admin().get("/admin/v1/workloads/" + second).status()).isEqualTo(404);
		// A claim that tells them apart is not an overlap.
		HttpJson.Response apart = world.broker().admin().put("/admin/v1/workloads/" + second, world.assumeAppRole("""
				,"staticToken":false,"identities":[{"issuer":"cluster","subject":"system:serviceaccount:%s:api",
				"claims":{"kubernetes.io/namespace":"x"}}]""".formatted(namespace)));
		assertThat(apart.status()).as(apart.toString()).isEqualTo(409);
		createBoundWorkload(second, "system:serviceaccount:" + second + ":api", false);
	}

	@Test
	void aRotatedIssuerKeyIsAcceptedWithoutRestartAndKnownKeysOutliveAnIssuerOutage() {
		String name = world.newWorkloadName("rotating");
		String subject = "system:serviceaccount:" + name + ":api";
		createBoundWorkload(name, subject, false);
		awaitServed(cluster.token(subject));

		cluster.rotateKey();
		// The new kid makes the broker fetch the keys again (at most every 3 s here).
		awaitServed(cluster.token(subject));

		cluster.goDown();
		try {
			int fetchesBefore = cluster.keyFetches();
			HttpJson.Response whileDown = world.credentials(cluster.token(subject));
			assertThat(whileDown.status()).as(whileDown.toString()).isEqualTo(200);
			assertThat(cluster.keyFetches()).isEqualTo(fetchesBefore);
		}
		finally {
			cluster.comeBack();
		}
	}

	@Test
	void unknownKeyIdsRefetchTheKeysAtMostOncePerInterval() {
		String name = world.newWorkloadName("kid");
		String subject = "system:serviceaccount:" + name + ":api";
		createBoundWorkload(name, subject, false);
		awaitServed(cluster.token(subject));
		int before = cluster.keyFetches();
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			assertRefused(world.credentials(cluster.tokenWithUnknownKid(subject)), "Unknown key id");
		}
		long intervals = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 3;
		assertThat(cluster.keyFetches() - before).isBetween(1, (int) (1 + intervals));
	}

	@Test
	void aTokenWhoseKidNamesAKeyOfAnotherTypeIsRefusedNamingTheMismatch() {
		String subject = servedServiceAccount("keytype");
		int fetchesBefore = cluster.keyFetches();
		assertRefused(world.credentials(cluster.tokenUnderKid(subject, JWSAlgorithm.ES256, cluster.rsaKid())),
				"Key '" + cluster.rsaKid() + "' of issuer 'cluster' is an RSA key: it cannot verify ES256 signatures");
		assertRefused(world.credentials(cluster.tokenUnderKid(subject, JWSAlgorithm.RS256, cluster.ecKid())),
				"Key '" + cluster.ecKid() + "' of issuer 'cluster' is an EC key: it cannot verify RS256 signatures");
		// the key is known: fetching the keys again would not change it
		assertThat(cluster.keyFetches()).isEqualTo(fetchesBefore);
	}

	@Test
	void anIssuerWithoutCaCertificateTrustsOnlyTheJvmsTrustStoreAndSaysWhenThatFails() throws IOException {
		HttpJson admin = world.broker().admin();
		try (OidcTestIssuer privateCa = OidcTestIssuer.start(Files.createDirectories(DIR.resolve("private-ca")))) {
			HttpJson.Response issuer = admin.put("/admin/v1/issuers/private-ca", """
					{"issuer":"%s","audiences":["%s"]}""".formatted(privateCa.issuer(), OidcTestIssuer.AUDIENCE));
			assertThat(issuer.status()).as(issuer.toString()).isEqualTo(201);
			String name = world.newWorkloadName("untrusted");
			HttpJson.Response workload = admin.put("/admin/v1/workloads/" + name, world.assumeAppRole("""
					,"staticToken":false,"identities":[{"issuer":"private-ca","subject":"job:%s"}]""".formatted(name)));
			assertThat(workload.status()).as(workload.toString()).isEqualTo(201);

			HttpJson.Response refused = world.credentials(privateCa.token("job:" + name));
			assertRefused(refused, "The keys of issuer 'private-ca' cannot be fetched: TLS trust failed");
			assertThat(refused.json().get("message").asString()).contains("the JVM's default trust store")
				.contains("caCertificate");
			// the handshake failed before any document was asked for
			assertThat(privateCa.discoveryFetches()).isZero();

			// its CA given, the same issuer is trusted
			HttpJson.Response trusted = admin.put("/admin/v1/issuers/private-ca", """
					{"issuer":"%s","audiences":["%s"],"caCertificate":%s}""".formatted(privateCa.issuer(),
					OidcTestIssuer.AUDIENCE, jsonString(privateCa.caPem())));
			assertThat(trusted.status()).as(trusted.toString()).isEqualTo(200);
			awaitServed(privateCa.token("job:" + name));
			assertThat(admin.delete("/admin/v1/workloads/" + name).status()).isEqualTo(204);
			assertThat(admin.delete("/admin/v1/issuers/private-ca").status()).isEqualTo(204);
		}
	}

	@Test
	void concurrentPutsOfOverlappingBindingsLetExactlyOneWorkloadWin() throws Exception {
		for (int round = 0; round < 3; round++) {
			String namespace = world.newWorkloadName("race");
			List<String> names = java.util.stream.IntStream.range(0, 8)
				.mapToObj((i) -> world.newWorkloadName("racer"))
				.toList();
			Map<String, HttpJson.Response> answers = ConcurrentPuts.ofWorkloads(names, (name) -> world.broker().admin(),
					(name) -> boundBody("system:serviceaccount:" + namespace + ":api", false));
			ConcurrentPuts.assertOneOverlappingWorkloadWon(answers, world.broker().admin());
		}
	}

	@Test
	void concurrentPutsOfIssuersWithOneUrlLetExactlyOneIssuerWin() throws Exception {
		HttpJson admin = world.broker().admin();
		for (int round = 0; round < 3; round++) {
			String url = "https://ci-" + round + ".example";
			List<String> names = IntStream.range(0, 8).mapToObj((i) -> world.newWorkloadName("ci")).toList();
			Map<String, HttpJson.Response> answers = ConcurrentPuts.at("/admin/v1/issuers/", names, (name) -> admin,
					(name) -> "{\"issuer\":\"" + url + "\",\"audiences\":[\"a\"]}");
			List<String> winners = names.stream().filter((name) -> answers.get(name).status() == 201).toList();
			assertThat(winners).as(answers.toString()).hasSize(1);
			for (String name : names) {
				if (!name.equals(winners.get(0))) {
					assertThat(answers.get(name).status()).as(answers.get(name).toString()).isEqualTo(409);
					assertThat(answers.get(name).json().get("detail").asString())
						.contains("Issuer '" + winners.get(0) + "' already has the issuer URL " + url);
					assertThat(admin.get("/admin/v1/issuers/" + name).status()).isEqualTo(404);
				}
			}
			assertThat(admin.delete("/admin/v1/issuers/" + winners.get(0)).status()).isEqualTo(204);
		}
	}

	@Test
	void anIssuerDeletedWhileAWorkloadIsBoundToItEitherStaysOrRefusesTheBinding() throws Exception {
		HttpJson admin = world.broker().admin();
		for (int round = 0; round < 10; round++) {
			String issuer = world.newWorkloadName("going");
			assertThat(admin.put("/admin/v1/issuers/" + issuer, """
					{"issuer":"https://%s.example","audiences":["a"]}""".formatted(issuer)).status()).isEqualTo(201);
			String workload = world.newWorkloadName("bound");
			java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				var deleted = threads.submit(() -> {
					start.await();
					return admin.delete("/admin/v1/issuers/" + issuer);
				});
				var bound = threads.submit(() -> {
					start.await();
					return admin.put("/admin/v1/workloads/" + workload, world.assumeAppRole("""
							,"staticToken":false,"identities":[{"issuer":"%s","subject":"x"}]""".formatted(issuer)));
				});
				start.countDown();
				int deleteStatus = deleted.get(30, java.util.concurrent.TimeUnit.SECONDS).status();
				HttpJson.Response put = bound.get(30, java.util.concurrent.TimeUnit.SECONDS);
				// either order is fine, but never a workload bound to an issuer that is
				// gone
				if (deleteStatus == 204) {
					assertThat(put.status()).as("round %d: %s", round, put).isEqualTo(400);
					assertThat(admin.get("/admin/v1/workloads/" + workload).status()).isEqualTo(404);
				}
				else {
					assertThat(deleteStatus).isEqualTo(409);
					assertThat(put.status()).as(put.toString()).isEqualTo(201);
					assertThat(admin.delete("/admin/v1/workloads/" + workload).status()).isEqualTo(204);
					assertThat(admin.delete("/admin/v1/issuers/" + issuer).status()).isEqualTo(204);
				}
			}
			finally {
				threads.shutdownNow();
			}
		}
	}

	@Test
	void issuersAreManagedThroughTheAdminApiAndBadOnesRefusedNamingTheField() throws IOException {
		HttpJson admin = world.broker().admin();
		try (OidcTestIssuer gitlab = OidcTestIssuer.start(Files.createDirectories(DIR.resolve("gitlab")))) {
			Map<String, String> bad = new LinkedHashMap<>();
			bad.put("{\"issuer\":\"http://gitlab.example\",\"audiences\":[\"a\"]}", "issuer");
			bad.put("{\"issuer\":\"https://gitlab.example\"}", "audiences");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[]}", "audiences");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"algorithms\":[\"HS256\"]}",
					"algorithms");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"algorithms\":[\"none\"]}",
					"algorithms");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"caCertificate\":\"nope\"}",
					"caCertificate");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"caCertificate\":"
					+ "\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"}", "caCertificate");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"jwksUri\":\"http://x/keys\"}",
					"jwksUri");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"clockSkew\":\"soon\"}",
					"clockSkew");
			bad.put("{\"issuer\":\"https://gitlab.example\",\"audiences\":[\"a\"],\"bearerTokenFile\":\"token\"}",
					"bearerTokenFile");
			bad.forEach((body, field) -> {
				HttpJson.Response refused = admin.put("/admin/v1/issuers/gitlab", body);
				assertThat(refused.status()).as(body + " -> " + refused).isEqualTo(400);
				assertThat(refused.body()).contains(field);
				assertThat(admin.get("/admin/v1/issuers/gitlab").status()).isEqualTo(404);
			});

			String body = """
					{"issuer":"%s","audiences":["gitlab-ci"],"caCertificate":%s,"maxTokenLifetime":"2h"}"""
				.formatted(gitlab.issuer(), jsonString(gitlab.caPem()));
			HttpJson.Response created = admin.put("/admin/v1/issuers/gitlab", body);
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			assertThat(created.json().get("algorithms").toString()).isEqualTo("[\"RS256\",\"ES256\"]");
			assertThat(created.json().get("maxTokenLifetime").asString()).isEqualTo("PT2H");
			assertThat(admin.put("/admin/v1/issuers/gitlab", body).status()).isEqualTo(200);
			JsonNode all = admin.get("/admin/v1/issuers").json();
			assertThat(all).anySatisfy((issuer) -> {
				assertThat(issuer.get("name").asString()).isEqualTo("cluster");
				assertThat(issuer.get("origin").asString()).isEqualTo("configuration");
			});
			assertThat(all).anySatisfy((issuer) -> assertThat(issuer.get("origin").asString()).isEqualTo("api"));
			assertThat(admin.put("/admin/v1/issuers/cluster", body).status()).isEqualTo(409);
			assertThat(admin.delete("/admin/v1/issuers/cluster").status()).isEqualTo(409);
			// one iss, one issuer
			assertThat(admin.put("/admin/v1/issuers/gitlab-again", body).status()).isEqualTo(409);

			String name = world.newWorkloadName("ci");
			String subject = "project_path:group/app:ref_type:branch:ref:main";
			HttpJson.Response workload = admin.put("/admin/v1/workloads/" + name, world.assumeAppRole("""
					,"staticToken":false,"identities":[{"issuer":"gitlab","subject":"%s"}]""".formatted(subject)));
			assertThat(workload.status()).as(workload.toString()).isEqualTo(201);
			String job = gitlab.token(subject, (claims) -> claims.audience("gitlab-ci")
				.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(30)))));
			awaitServed(job);

			HttpJson.Response inUse = admin.delete("/admin/v1/issuers/gitlab");
			assertThat(inUse.status()).as(inUse.toString()).isEqualTo(409);
			assertThat(inUse.json().get("detail").asString()).contains(name);
			assertThat(admin.delete("/admin/v1/workloads/" + name).status()).isEqualTo(204);
			assertThat(admin.delete("/admin/v1/issuers/gitlab").status()).isEqualTo(204);
			assertRefused(world.credentials(gitlab.token(subject, (claims) -> claims.audience("gitlab-ci"))),
					"Unknown issuer");
		}
	}

	@Test
	void aRememberedTokenIsRefusedOnceItsExpiryHasPassed() throws IOException {
		HttpJson admin = world.broker().admin();
		try (OidcTestIssuer ci = OidcTestIssuer.start(Files.createDirectories(DIR.resolve("brief")))) {
			HttpJson.Response issuer = admin.put("/admin/v1/issuers/brief", """
					{"issuer":"%s","audiences":["brief-ci"],"caCertificate":%s,"clockSkew":"PT0S"}"""
				.formatted(ci.issuer(), jsonString(ci.caPem())));
			assertThat(issuer.status()).as(issuer.toString()).isEqualTo(201);
			String name = world.newWorkloadName("brief");
			String subject = "job:" + name;
			HttpJson.Response workload = admin.put("/admin/v1/workloads/" + name, world.assumeAppRole("""
					,"staticToken":false,"identities":[{"issuer":"brief","subject":"%s"}]""".formatted(subject)));
			assertThat(workload.status()).as(workload.toString()).isEqualTo(201);
			// exp is in whole seconds
			Instant expiry = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
			String token = ci.token(subject, (claims) -> claims.audience("brief-ci").expirationTime(Date.from(expiry)));

			awaitServed(token);
			assertThat(world.credentials(token).status()).as("remembered").isEqualTo(200);

			// Polled slowly: each refusal counts toward the bad-token brake.
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofSeconds(1))
				.untilAsserted(() -> assertRefused(world.credentials(token), "Expired token"));
			assertThat(Instant.now()).as("refused only once its exp had passed").isAfterOrEqualTo(expiry);
			assertThat(admin.delete("/admin/v1/workloads/" + name).status()).isEqualTo(204);
			assertThat(admin.delete("/admin/v1/issuers/brief").status()).isEqualTo(204);
		}
	}

	@Test
	void aBindingNamingNoIssuerIsRefusedAndNothingIsStored() {
		String name = world.newWorkloadName("nobody");
		HttpJson.Response refused = world.broker().admin().put("/admin/v1/workloads/" + name, world.assumeAppRole("""
				,"identities":[{"issuer":"missing","subject":"a"}]"""));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.body()).contains("identities[0].issuer");
		HttpJson.Response noIdentity = world.broker()
			.admin()
			.put("/admin/v1/workloads/" + name, world.assumeAppRole(",\"staticToken\":false"));
		assertThat(noIdentity.status()).as(noIdentity.toString()).isEqualTo(400);
		assertThat(noIdentity.body()).contains("identities");
		assertThat(world.broker().admin().get("/admin/v1/workloads/" + name).status()).isEqualTo(404);
	}

	/**
	 * A workload without a static token bound to its service account, whose token has
	 * been served once.
	 * @return the service account's subject
	 */
	private static String servedServiceAccount(String prefix) {
		String name = world.newWorkloadName(prefix);
		String subject = "system:serviceaccount:" + name + ":api";
		createBoundWorkload(name, subject, false);
		awaitServed(cluster.token(subject));
		return subject;
	}

	private static HttpJson.Response createBoundWorkload(String name, String subject, boolean staticToken) {
		HttpJson.Response created = world.broker()
			.admin()
			.put("/admin/v1/workloads/" + name, boundBody(subject, staticToken));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created;
	}

	private static String boundBody(String subject, boolean staticToken) {
		return world.assumeAppRole("""
				,"staticToken":%s,"identities":[{"issuer":"cluster","subject":"%s"}]""".formatted(staticToken,
				subject));
	}

	private static HttpJson.Response awaitServed(String token) {
		return await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> world.credentials(token), (response) -> response.status() == 200);
	}

	private static void assertRefused(HttpJson.Response response, String check) {
		assertThat(response.status()).as("%s: %s", check, response).isEqualTo(401);
		ContainerEndpoint.assertError(response, "Unauthorized");
		assertThat(response.json().get("message").asString()).as(response.toString()).contains(check);
		assertThat(response.body()).doesNotContain("AccessKeyId");
	}

	private static String jsonString(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

	private static Path tempDir() {
		try {
			Path dir = Files.createTempDirectory("oidc-it");
			Files.createDirectories(dir.resolve("cluster"));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
