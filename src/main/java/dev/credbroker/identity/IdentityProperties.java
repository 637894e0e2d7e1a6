package dev.credbroker.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How OIDC tokens are checked.
 *
 * @param jwksRefetchInterval the shortest time between two fetches of one issuer's keys
 * when a token names a key id the broker does not know (the issuer rotated its key), so
 * that made-up key ids cannot make the broker hammer the issuer
 * @param fetchTimeout how long one fetch of an issuer's discovery document or keys may
 * take
 * @param rememberedTokens validated tokens remembered (by SHA-256, until their expiry) so
 * that a repeated request is not validated again; 0 remembers none (every request is
 * validated)
 */
@ConfigurationProperties("credbroker.identity")
public record IdentityProperties(@DefaultValue("30s") Duration jwksRefetchInterval,
		@DefaultValue("5s") Duration fetchTimeout, @DefaultValue("100000") int rememberedTokens) {

	public IdentityProperties {
		if (rememberedTokens < 0) {
			throw new IllegalArgumentException("The remembered OIDC tokens (credbroker.identity.remembered-tokens, "
					+ "CREDBROKER_IDENTITY_REMEMBERED_TOKENS) must be 0 (none) or a positive number; it is "
					+ rememberedTokens);
		}
	}

}
