package dev.credbroker.crypto;

import java.util.Map;

/**
 * The last step of a master key rotation: re-seals every sealed value of the store under
 * the current key, in one transaction, so that the previous keys can then be dropped.
 */
public interface MasterKeyRotation {

	/**
	 * @return rows re-sealed per kind ({@code sources}, {@code mfaSessions},
	 * {@code masterKeyCheck}) and their {@code total}
	 * @throws SecretUnsealException when a value opens with no configured key; nothing is
	 * then changed
	 */
	Map<String, Integer> resealAll();

}
