package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@link MotoServer#withoutAuth()}: the fixture is seeded the same way, but any key is
 * accepted.
 */
class MotoWithoutAuthIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withoutAuth();

	@Test
	void acceptsAnyKeyAndStillSeedsTheFixture() {
		MotoIamFixture iam = moto.iam();
		try (StsClient anyone = iam.newStsClient("AKIAANYTHING00000000", "any-secret");
				StsClient brokerWithWrongSecret = iam.newStsClient(iam.broker().accessKeyId(), "wrong")) {
			assertThat(anyone.getCallerIdentity().account()).isEqualTo(iam.accountId());
			assertThat(brokerWithWrongSecret.assumeRole(b -> b.roleArn(iam.lockedRoleArn()).roleSessionName("s"))
				.credentials()
				.accessKeyId()).startsWith("ASIA");
		}
	}

}
