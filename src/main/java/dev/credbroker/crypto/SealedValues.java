package dev.credbroker.crypto;

import java.util.Map;

/**
 * Implemented by each feature that stores values sealed with the {@link SecretSealer}, so
 * that a master key rotation can re-seal them all under the current key.
 */
public interface SealedValues {

	/**
	 * Re-seals every value this feature stores under the current master key, in the
	 * caller's transaction.
	 * @return how many rows were re-sealed, per kind (for example {@code sources})
	 * @throws SecretUnsealException when a value opens with neither the current nor a
	 * previous key
	 */
	Map<String, Integer> resealAll();

}
