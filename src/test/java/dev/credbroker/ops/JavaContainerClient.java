package dev.credbroker.ops;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;

/**
 * A workload on the AWS SDK for Java v2, run by {@link TlsIT} in its own JVM (the
 * truststore is JVM-global): resolves credentials from
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and prints the access key id.
 */
public final class JavaContainerClient {

	private JavaContainerClient() {
	}

	public static void main(String[] args) {
		try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
			AwsCredentials credentials = provider.resolveCredentials();
			System.out.println(credentials.accessKeyId());
		}
	}

}
