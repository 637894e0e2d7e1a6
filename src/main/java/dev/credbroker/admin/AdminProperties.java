package dev.credbroker.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.credbroker.crypto.Secret;

/**
 * The admin API's credentials.
 *
 * @param token the bearer token operators send ({@code CREDBROKER_ADMIN_TOKEN}); when
 * unset the admin API is disabled
 */
@ConfigurationProperties("credbroker.admin")
public record AdminProperties(Secret token) {

	public boolean enabled() {
		return this.token != null && !this.token.isBlank();
	}

	/**
	 * Whether {@code presented} is the admin token (compared in constant time), so that
	 * other listeners can tell a caller who sent it to the wrong place.
	 */
	public boolean isAdminToken(String presented) {
		return enabled() && presented != null && this.token.matches(Secret.of(presented));
	}

}
