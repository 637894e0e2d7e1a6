package dev.credbroker.crypto;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master key for secrets at rest comes from.
 *
 * @param key base64 of 32 random bytes ({@code CREDBROKER_MASTER_KEY}); when unset on the
 * embedded store, a key is generated into {@code file}
 * @param file the key file used by the embedded default; defaults to
 * {@code <data-dir>/master.key}
 */
@ConfigurationProperties("credbroker.master")
public record MasterKeyProperties(Secret key, Path file) {
}
