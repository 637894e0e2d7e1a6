package dev.credbroker.identity;

/**
 * Resolves an OIDC token (a JWS in compact form) to the one workload it proves. A token
 * that validated is remembered by its SHA-256 until its {@code exp}, so a repeated
 * request costs one hash and one lookup.
 */
public interface WorkloadIdentities {

	/** Tokens longer than this are refused unread. */
	int MAX_TOKEN_LENGTH = 16 * 1024;

	/**
	 * Whether an {@code Authorization} value is shaped like a JWS compact token (a
	 * base64url JSON header, then two more dot-separated parts), as opposed to a
	 * {@code cbw_} workload token.
	 */
	static boolean looksLikeJwt(String authorization) {
		return authorization.startsWith("eyJ") && authorization.indexOf('.') > 0;
	}

	/**
	 * The workload a token proved before and that has not expired since, else
	 * {@code null}: one hash and one lookup.
	 */
	ProvedWorkload remembered(String token);

	/**
	 * As {@link #remembered(String)}, for a token already hashed (lower-case hex SHA-256,
	 * as {@code WorkloadToken.hash} gives it).
	 */
	ProvedWorkload rememberedByHash(String tokenHash);

	/**
	 * Validates a token not remembered, and remembers it.
	 * @return the workload the token proves
	 * @throws IdentityRejectedException naming the failed check
	 */
	ProvedWorkload prove(String token);

}
