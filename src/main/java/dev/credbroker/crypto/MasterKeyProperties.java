package dev.credbroker.crypto;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Where the master key for secrets at rest comes from.
 *
 * @param key base64 of 32 random bytes ({@code CREDBROKER_MASTER_KEY}); when unset on the
 * embedded store, the key file is used (generated on first start only: never for a store
 * that already holds sealed secrets)
 * @param file the key file used by the embedded default; defaults to
 * {@code <data-dir>/master.key}; it must be readable by its owner only (mode 0600)
 * @param previousKeys keys the store may still hold values sealed with, during a key
 * rotation ({@code CREDBROKER_MASTER_PREVIOUS_KEYS}, comma-separated base64): values open
 * with the current key or any of these, and {@code POST /admin/v1/master-key/reseal}
 * re-seals them all under the current key
 */
@ConfigurationProperties("credbroker.master")
public record MasterKeyProperties(Secret key, Path file, List<Secret> previousKeys) {

	@ConstructorBinding
	public MasterKeyProperties {
		previousKeys = (previousKeys != null) ? List.copyOf(previousKeys) : List.of();
	}

	public MasterKeyProperties(Secret key, Path file) {
		this(key, file, List.of());
	}

}
