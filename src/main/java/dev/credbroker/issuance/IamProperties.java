package dev.credbroker.issuance;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the broker calls IAM (only for rotating a static source's access key).
 *
 * @param endpoint an endpoint override (moto, LocalStack), or none for the global IAM
 * endpoint
 */
@ConfigurationProperties("credbroker.iam")
public record IamProperties(URI endpoint) {
}
