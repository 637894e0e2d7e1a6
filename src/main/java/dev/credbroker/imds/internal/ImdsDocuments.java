package dev.credbroker.imds.internal;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.CredentialsDocument;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadToken;

/**
 * The JSON documents of the IMDS paths, as EC2 writes them: times in UTC with whole
 * seconds and a {@code Z}. The broker is no EC2 instance, so the identity document holds
 * what is true (region, account) and nothing made up.
 */
final class ImdsDocuments {

	private static final JsonFactory JSON = new JsonFactory();

	private ImdsDocuments() {
	}

	/**
	 * The name listed under {@code iam/security-credentials/}: the last segment of the
	 * recipe's role ARN, or the workload's name for recipes without a role.
	 */
	static String roleName(Workload workload) {
		String roleArn = workload.recipe().roleArn();
		if (roleArn == null || roleArn.isBlank()) {
			return workload.name();
		}
		return roleArn.substring(roleArn.lastIndexOf('/') + 1);
	}

	/** The account of the credentials, from STS or else from the role ARN. */
	static String accountOf(IssuedCredentials credentials) {
		return (credentials.accountId() != null) ? credentials.accountId() : accountOf(credentials.roleArn());
	}

	/** The account of a role ARN ({@code arn:aws:iam::<account>:role/…}), if any. */
	static String accountOf(String roleArn) {
		if (roleArn == null) {
			return null;
		}
		String[] parts = roleArn.split(":", 6);
		return (parts.length == 6 && !parts[4].isEmpty()) ? parts[4] : null;
	}

	static byte[] credentials(CachedCredentials cached) {
		IssuedCredentials credentials = cached.credentials();
		return render((json) -> {
			json.writeStringProperty("Code", "Success");
			json.writeStringProperty("LastUpdated", CredentialsDocument.formatExpiration(cached.issuedAt()));
			json.writeStringProperty("Type", "AWS-HMAC");
			json.writeStringProperty("AccessKeyId", credentials.accessKeyId());
			json.writeStringProperty("SecretAccessKey", credentials.secretAccessKey().reveal());
			json.writeStringProperty("Token", credentials.sessionToken().reveal());
			json.writeStringProperty("Expiration", CredentialsDocument.formatExpiration(credentials.expiration()));
		});
	}

	/**
	 * {@code iam/info}. There is no instance profile: its ARN names the role in the
	 * credentials' account, and its id is derived from the workload's generation, so it
	 * stays the same for as long as the workload does.
	 */
	static byte[] info(Workload workload, CachedCredentials cached) {
		String account = accountOf(cached.credentials());
		return render((json) -> {
			json.writeStringProperty("Code", "Success");
			json.writeStringProperty("LastUpdated", CredentialsDocument.formatExpiration(cached.issuedAt()));
			if (account != null) {
				json.writeStringProperty("InstanceProfileArn",
						"arn:aws:iam::" + account + ":instance-profile/" + roleName(workload));
			}
			json.writeStringProperty("InstanceProfileId", "AIPA" + idOf(workload.generation()));
		});
	}

	/**
	 * {@code dynamic/instance-identity/document}: the region, and the account when known.
	 */
	static byte[] identity(String region, String account) {
		return render((json) -> {
			if (account != null) {
				json.writeStringProperty("accountId", account);
			}
			json.writeStringProperty("region", region);
		});
	}

	private static String idOf(String generation) {
		return WorkloadToken.hash(generation).substring(0, 17).toUpperCase(Locale.ROOT);
	}

	private static byte[] render(Fields fields) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			fields.write(json);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private interface Fields {

		void write(JsonGenerator json);

	}

}
