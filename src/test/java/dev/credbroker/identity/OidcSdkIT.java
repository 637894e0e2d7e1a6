package dev.credbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.JavascriptSdk;
import dev.credbroker.testsupport.OidcTestIssuer;
import dev.credbroker.testsupport.VendingHarness;

/**
 * Real SDKs read an OIDC token from {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}, as in
 * a pod with a projected service-account token, and get credentials that moto (IAM auth
 * on) accepts. The file is then rewritten, as the kubelet does: first with a token the
 * broker refuses (wrong audience), then with a new valid one; each refresh reads the file
 * again and uses what it holds.
 */
class OidcSdkIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FULL_URI = "aws.containerCredentialsFullUri";

	private static final String TOKEN_FILE = "aws.containerAuthorizationTokenFile";

	private static final Path DIR = tempDir();

	static final OidcTestIssuer cluster = OidcTestIssuer.start(DIR);

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of("credbroker.issuers.cluster.issuer",
			cluster.issuer(), "credbroker.issuers.cluster.audiences", OidcTestIssuer.AUDIENCE,
			"credbroker.issuers.cluster.ca-certificate-file", cluster.caFile().toString()));

	@TempDir
	Path tmp;

	@AfterAll
	static void stopIssuer() {
		cluster.close();
	}

	@AfterEach
	void clearSdkProperties() {
		System.clearProperty(FULL_URI);
		System.clearProperty(TOKEN_FILE);
	}

	@Test
	void botocoreReadsTheTokenFileAtEveryRefreshWithTheEnvironmentTheAdminAnswerGave() throws IOException {
		String name = world.newWorkloadName("botocore");
		HttpJson.Response created = world.broker().admin().put("/admin/v1/workloads/" + name, bindingBody(name));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String subject = "system:serviceaccount:" + name + ":app";
		Path file = this.tmp.resolve("token");
		// the answer's variables as they are, but the token file where this test writes
		// it
		Map<String, String> answered = new LinkedHashMap<>();
		created.json()
			.get("env")
			.properties()
			.forEach((variable) -> answered.put(variable.getKey(), variable.getValue().asString()));
		assertThat(answered.put("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.toString()))
			.isEqualTo("/var/run/secrets/credbroker/token");
		for (Phase phase : phases(subject)) {
			Files.writeString(file, phase.token());
			ExternalClients.Result result = ExternalClients.botocore(answered, "--caller-identity",
					world.moto().endpoint().toString());
			if (phase.valid()) {
				assertThat(result.exitCode()).as(result.toString()).isZero();
				assertThat(JSON.readTree(result.lastLine()).get("arn").asString())
					.isEqualTo(sessionArn(workloadOf(subject)));
			}
			else {
				assertThat(result.exitCode()).as(result.toString()).isNotZero();
			}
		}
	}

	@Test
	void awsCliReadsTheTokenFileAtEveryRefresh() throws IOException {
		String subject = bindNewWorkload("cli");
		Path file = this.tmp.resolve("token");
		for (Phase phase : phases(subject)) {
			Files.writeString(file, phase.token());
			ExternalClients.Result cli = ExternalClients.awsCli(env(file), "sts", "get-caller-identity",
					"--endpoint-url", world.moto().endpoint().toString(), "--region", world.moto().region(), "--output",
					"json");
			if (phase.valid()) {
				assertThat(cli.exitCode()).as(cli.toString()).isZero();
				assertThat(JSON.readTree(cli.stdout()).get("Arn").asString())
					.isEqualTo(sessionArn(workloadOf(subject)));
			}
			else {
				assertThat(cli.exitCode()).as(cli.toString()).isNotZero();
			}
		}
	}

	@Test
	void javaSdkContainerProviderReadsTheTokenFileAtEveryRefresh() throws IOException {
		String subject = bindNewWorkload("java");
		Path file = this.tmp.resolve("token");
		System.setProperty(FULL_URI, world.broker().credentialsUri().toString());
		System.setProperty(TOKEN_FILE, file.toString());
		for (Phase phase : phases(subject)) {
			Files.writeString(file, phase.token());
			// A new provider is a forced refresh: it fetches at its first use.
			try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build();
					StsClient sts = StsClient.builder()
						.endpointOverride(world.moto().endpoint())
						.region(Region.of(world.moto().region()))
						.credentialsProvider(provider)
						.httpClientBuilder(ApacheHttpClient.builder())
						.build()) {
				if (phase.valid()) {
					AwsCredentials credentials = provider.resolveCredentials();
					assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
					assertThat(sts.getCallerIdentity().arn()).isEqualTo(sessionArn(workloadOf(subject)));
				}
				else {
					assertThatThrownBy(provider::resolveCredentials)
						.hasRootCauseMessage("Wrong audience: the token is for [someone-else], issuer 'cluster' "
								+ "tokens must be for one of [credential-broker]");
				}
			}
		}
	}

	@Test
	void javascriptSdkReadsTheTokenFileAtEveryRefresh() throws IOException {
		JavascriptSdk.installedOrSkip();
		String subject = bindNewWorkload("js");
		Path file = this.tmp.resolve("token");
		String expectedKey = null;
		for (Phase phase : phases(subject)) {
			Files.writeString(file, phase.token());
			ExternalClients.Result result = ExternalClients.javascriptSdk(env(file));
			if (phase.valid()) {
				assertThat(result.exitCode()).as(result.toString()).isZero();
				String key = JSON.readTree(result.lastLine()).get("accessKeyId").asString();
				assertThat(key).startsWith("ASIA");
				if (expectedKey != null) {
					// the same workload, so its cached credentials
					assertThat(key).isEqualTo(expectedKey);
				}
				expectedKey = key;
			}
			else {
				assertThat(result.exitCode()).as(result.toString()).isNotZero();
			}
		}
	}

	/** A token, then one the broker refuses, then a new token: as the file goes. */
	private static Phase[] phases(String subject) {
		return new Phase[] { new Phase(cluster.token(subject), true),
				new Phase(cluster.token(subject, (claims) -> claims.audience("someone-else")), false),
				new Phase(cluster.es256Token(subject), true) };
	}

	private record Phase(String token, boolean valid) {
	}

	private static String bindNewWorkload(String prefix) {
		String name = world.newWorkloadName(prefix);
		world.broker().admin().put("/admin/v1/workloads/" + name, bindingBody(name));
		assertThat(world.broker().admin().get("/admin/v1/workloads/" + name).status()).isEqualTo(200);
		return "system:serviceaccount:" + name + ":app";
	}

	private static String bindingBody(String name) {
		return world.assumeAppRole("""
				,"staticToken":false,"identities":[{"issuer":"cluster","subject":"system:serviceaccount:%s:app"}]"""
			.formatted(name));
	}

	private static String workloadOf(String subject) {
		return subject.split(":")[2];
	}

	private static Map<String, String> env(Path file) {
		return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", world.broker().credentialsUri().toString(),
				"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.toString(), "AWS_REGION", world.moto().region(),
				"AWS_DEFAULT_REGION", world.moto().region());
	}

	private static String sessionArn(String workload) {
		return "arn:aws:sts::123456789012:assumed-role/app/credbroker-" + workload;
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("oidc-sdk-it");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
