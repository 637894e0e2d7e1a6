package dev.credbroker.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.credbroker.crypto.Secret;

/**
 * The admin API's credentials.
 *
 * @param token the bearer token operators send ({@code CREDBROKER_ADMIN_TOKEN}); when
 * unset the admin API is disabled; when set, at least {@value #MIN_TOKEN_LENGTH}
 * characters
 * @param badTokenLimit wrong admin tokens one client address may present per
 * {@code badTokenWindow} before further wrong tokens from it are answered 429 unchecked
 * until the window ends (the right token is always accepted); 0 turns the brake off
 * @param badTokenWindow the window of {@code badTokenLimit}
 * @param port a port of its own for the admin API ({@code CREDBROKER_ADMIN_PORT}): it
 * then serves {@code /admin/**} only, with the server port's address and TLS, and the
 * server port answers 404 to {@code /admin/**}, so a network policy can admit operators
 * and workloads separately; 0 picks a free port; unset keeps the admin API on the server
 * port
 */
@ConfigurationProperties("credbroker.admin")
public record AdminProperties(Secret token, @DefaultValue("10") int badTokenLimit,
		@DefaultValue("1m") Duration badTokenWindow, Integer port) {

	/**
	 * 32 characters: 128 bits as hex, the least a bearer token that guards secrets should
	 * carry.
	 */
	public static final int MIN_TOKEN_LENGTH = 32;

	public AdminProperties {
		if (port != null && (port < 0 || port > 65535)) {
			throw new IllegalArgumentException("credbroker.admin.port must be between 0 and 65535, or unset");
		}
		if (token != null && !token.isBlank() && token.reveal().strip().length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException("The admin token (CREDBROKER_ADMIN_TOKEN, credbroker.admin.token) is "
					+ "shorter than " + MIN_TOKEN_LENGTH + " characters. Generate one with: openssl rand -hex 32");
		}
	}

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
