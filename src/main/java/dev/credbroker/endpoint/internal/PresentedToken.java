package dev.credbroker.endpoint.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;

import dev.credbroker.workload.WorkloadToken;

/**
 * The token in a request's {@code Authorization} header, hashed from the bytes Tomcat
 * parsed it into, without first decoding them into a String: Tomcat decodes a header
 * value through a new {@code CharsetDecoder} and a char buffer, which for an OIDC token
 * (600 to 1,000 characters) cost more than the lookup it serves. Only for finding a token
 * seen before; anything else reads the header as a String.
 *
 * @param jwt whether the value is shaped like a JWS compact token
 * @param hash the value's SHA-256, as {@link WorkloadToken#hash(String)} gives it for an
 * ASCII value
 */
record PresentedToken(boolean jwt, String hash) {

	private static final String AUTHORIZATION = "authorization";

	/**
	 * The request's token as Tomcat holds it, or {@code null} when its bytes are not at
	 * hand (no header, not a Tomcat request, or a value already turned into a String).
	 */
	static PresentedToken of(HttpServletRequest request) {
		if (!(request instanceof Request tomcat)) {
			return null;
		}
		MessageBytes value = tomcat.getCoyoteRequest().getMimeHeaders().getValue(AUTHORIZATION);
		if (value == null || value.getType() != MessageBytes.T_BYTES) {
			return null;
		}
		ByteChunk bytes = value.getByteChunk();
		byte[] buffer = bytes.getBuffer();
		int start = bytes.getStart();
		int length = bytes.getLength();
		if (length == 0) {
			return null;
		}
		return new PresentedToken(looksLikeJwt(buffer, start, length), WorkloadToken.hash(buffer, start, length));
	}

	/** As {@code WorkloadIdentities.looksLikeJwt}: starts with "eyJ" and has a dot. */
	private static boolean looksLikeJwt(byte[] buffer, int start, int length) {
		if (length < 4 || buffer[start] != 'e' || buffer[start + 1] != 'y' || buffer[start + 2] != 'J') {
			return false;
		}
		for (int i = start + 3; i < start + length; i++) {
			if (buffer[i] == '.') {
				return true;
			}
		}
		return false;
	}

}
