package dev.credbroker.issuance.internal;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The STS clients' own credentials: none. Every request names its source's credentials,
 * so a request that forgot would fail instead of silently using the broker's environment.
 */
enum NoDefaultCredentials implements AwsCredentialsProvider {

	INSTANCE;

	@Override
	public AwsCredentials resolveCredentials() {
		throw SdkClientException.create("No source credentials were given for this STS request");
	}

}
