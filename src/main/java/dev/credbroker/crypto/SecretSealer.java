package dev.credbroker.crypto;

/**
 * Seals secrets for storage with an AEAD under the master key. The context (for example
 * {@code "source/main/secretAccessKey"}) is bound as associated data, so a sealed value
 * copied to another row or column does not open. Values seal under the current master key
 * and open under it or any previous key ({@code credbroker.master.previous-keys}).
 */
public interface SecretSealer {

	String seal(Secret secret, String context);

	/**
	 * @throws SecretUnsealException when the value was sealed under another key or
	 * context, or was altered
	 */
	Secret open(String sealed, String context);

	/**
	 * The same secret sealed again under the current master key (it may have been sealed
	 * under a previous one).
	 * @throws SecretUnsealException when it opens with no configured key
	 */
	default String reseal(String sealed, String context) {
		return seal(open(sealed, context), context);
	}

}
