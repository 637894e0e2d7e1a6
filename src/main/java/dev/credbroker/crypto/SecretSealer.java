package dev.credbroker.crypto;

/**
 * Seals secrets for storage with an AEAD under the master key. The context (for example
 * {@code "source/main/secretAccessKey"}) is bound as associated data, so a sealed value
 * copied to another row or column does not open.
 */
public interface SecretSealer {

	String seal(Secret secret, String context);

	/**
	 * @throws SecretUnsealException when the value was sealed under another key or
	 * context, or was altered
	 */
	Secret open(String sealed, String context);

}
