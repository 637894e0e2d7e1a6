package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.HttpJson;

/**
 * Issuance against LocalStack's STS, for contributors with Docker: skipped without a
 * Docker engine, where the moto integration tests cover the same path.
 */
@EnabledIf(value = "dev.credbroker.testsupport.DockerEngine#isAvailable", disabledReason = "no Docker engine")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStsIT {

	@Container
	static final LocalStackContainer localstack = new LocalStackContainer("localstack/localstack:4.4")
		.withServices("sts", "iam");

	@TempDir
	Path dataDir;

	@Test
	void assumeRoleThroughLocalStackServesContainerCredentials() {
		try (BrokerApp broker = BrokerApp.on(this.dataDir).stsEndpoint(localstack.getEndpoint()).start()) {
			HttpJson admin = broker.admin();
			assertThat(admin.put("/admin/v1/sources/main", """
					{"type":"static","accessKeyId":"AKIAIOSFODNN7EXAMPLE",
					 "secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
					""").status()).isEqualTo(201);
			HttpJson.Response workload = admin.put("/admin/v1/workloads/app", """
					{"source":"main","type":"assume-role","roleArn":"arn:aws:iam::000000000000:role/app"}
					""");
			assertThat(workload.status()).isEqualTo(201);
			String token = workload.json().get("token").asString();

			HttpJson.Response credentials = broker.client(token).get("/v1/credentials");
			if (credentials.status() == 503) {
				credentials = broker.client(token).get("/v1/credentials");
			}

			assertThat(credentials.status()).as(credentials.body()).isEqualTo(200);
			assertThat(credentials.json().get("AccessKeyId").asString()).isNotBlank();
			assertThat(credentials.json().get("Expiration").asString()).endsWith("Z");
		}
	}

}
