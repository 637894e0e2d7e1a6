package dev.credbroker.crypto.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.credbroker.crypto.MasterKeyProperties;

/**
 * Finds the master key: {@code CREDBROKER_MASTER_KEY} when set; otherwise, for the
 * embedded store only, the key file, generated with mode 0600 on first start.
 */
class MasterKeyLoader {

	private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

	static final int KEY_BYTES = 32;

	private final MasterKeyProperties properties;

	private final boolean embeddedStore;

	MasterKeyLoader(MasterKeyProperties properties, boolean embeddedStore) {
		this.properties = properties;
		this.embeddedStore = embeddedStore;
	}

	SecretKey load() {
		if (this.properties.key() != null && !this.properties.key().isBlank()) {
			return decode(this.properties.key().reveal(), "CREDBROKER_MASTER_KEY");
		}
		if (!this.embeddedStore) {
			throw new IllegalStateException("CREDBROKER_MASTER_KEY is not set. It is required when the store is not "
					+ "the embedded default, so that every replica seals and opens secrets with the same key. "
					+ "Generate one with: openssl rand -base64 32");
		}
		Path file = this.properties.file();
		if (Files.exists(file)) {
			return readKeyFile(file);
		}
		return generateKeyFile(file);
	}

	private SecretKey readKeyFile(Path file) {
		try {
			return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the master key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	private SecretKey generateKeyFile(Path file) {
		byte[] key = new byte[KEY_BYTES];
		new SecureRandom().nextBytes(key);
		String encoded = Base64.getEncoder().encodeToString(key);
		try {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			try {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				Files.createFile(file);
			}
			Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII);
		}
		catch (FileAlreadyExistsException ex) {
			return readKeyFile(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write the master key file " + file + ": " + ex.getMessage(), ex);
		}
		log.warn(
				"Generated a new master key in {} (mode 0600). Secrets at rest are sealed with it: back it up with "
						+ "the data directory, or set CREDBROKER_MASTER_KEY (base64 of 32 bytes) to supply your own.",
				file.toAbsolutePath());
		return new SecretKeySpec(key, "AES");
	}

	private static SecretKey decode(String base64, String origin) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The master key from " + origin + " is not valid base64");
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalStateException("The master key from " + origin + " must be " + KEY_BYTES
					+ " bytes (base64 of 32 random bytes, e.g. openssl rand -base64 32), not " + key.length);
		}
		return new SecretKeySpec(key, "AES");
	}

}
