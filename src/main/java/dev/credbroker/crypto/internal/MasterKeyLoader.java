package dev.credbroker.crypto.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.credbroker.crypto.MasterKeyException;
import dev.credbroker.crypto.MasterKeyProperties;

/**
 * Finds the master key: {@code CREDBROKER_MASTER_KEY} when set; otherwise, for the
 * embedded store only, the key file. The file is generated with mode 0600 on first start
 * only: when the store already holds sealed secrets a missing file is an error (a new key
 * would not open them), and a file other users may read is refused.
 */
class MasterKeyLoader {

	private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

	static final int KEY_BYTES = 32;

	private static final String GENERATE = "openssl rand -base64 32";

	private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private final MasterKeyProperties properties;

	private final boolean embeddedStore;

	private final boolean storeHoldsSecrets;

	MasterKeyLoader(MasterKeyProperties properties, boolean embeddedStore) {
		this(properties, embeddedStore, false);
	}

	/**
	 * @param storeHoldsSecrets whether the store already holds values sealed with a
	 * master key (then no key is ever generated)
	 */
	MasterKeyLoader(MasterKeyProperties properties, boolean embeddedStore, boolean storeHoldsSecrets) {
		this.properties = properties;
		this.embeddedStore = embeddedStore;
		this.storeHoldsSecrets = storeHoldsSecrets;
	}

	/** The current key: new values are sealed with it. */
	SecretKey load() {
		if (this.properties.key() != null && !this.properties.key().isBlank()) {
			return decode(this.properties.key().reveal(), "CREDBROKER_MASTER_KEY",
					"Set CREDBROKER_MASTER_KEY to the key this store was created with, or for a new store to one "
							+ "generated with: " + GENERATE);
		}
		if (!this.embeddedStore) {
			throw new MasterKeyException(
					"CREDBROKER_MASTER_KEY is not set. It is required when the store is not the "
							+ "embedded default, so that every replica seals and opens secrets with the same key.",
					"Set CREDBROKER_MASTER_KEY to the key this store was created with, or for a new store to one "
							+ "generated with: " + GENERATE);
		}
		Path file = this.properties.file();
		if (Files.exists(file)) {
			return readKeyFile(file);
		}
		if (this.storeHoldsSecrets) {
			throw new MasterKeyException("The master key file " + file.toAbsolutePath() + " is missing, but the store "
					+ "already holds secrets sealed with a master key. A new key would not open them, so none was "
					+ "generated.",
					"Restore " + file.toAbsolutePath() + " from your backup (then chmod 600 " + file.toAbsolutePath()
							+ "), or set CREDBROKER_MASTER_KEY to the key this store was created with. Without that "
							+ "key the sealed secrets cannot be recovered: only moving the data directory away "
							+ "starts an empty store with a new key.");
		}
		return generateKeyFile(file);
	}

	/** Keys of a rotation in progress: values sealed with them still open. */
	List<SecretKey> loadPrevious() {
		List<SecretKey> keys = new ArrayList<>();
		for (int i = 0; i < this.properties.previousKeys().size(); i++) {
			String origin = "credbroker.master.previous-keys[" + i + "]";
			keys.add(decode(this.properties.previousKeys().get(i).reveal(), origin,
					"Set " + origin + " (CREDBROKER_MASTER_PREVIOUS_KEYS) to the key the store was sealed with "
							+ "before the rotation, as it was given before (base64 of 32 bytes)."));
		}
		return keys;
	}

	private SecretKey readKeyFile(Path file) {
		Path shown = file.toAbsolutePath();
		String fix = "Restore " + shown + " from your backup, or set CREDBROKER_MASTER_KEY to the key this store was "
				+ "created with; for a new store, generate one with: " + GENERATE;
		requireOwnerOnly(file);
		String content;
		try {
			content = Files.readString(file, StandardCharsets.US_ASCII).trim();
		}
		catch (IOException ex) {
			throw new MasterKeyException("Cannot read the master key file " + shown + ": " + ex.getMessage() + ".",
					"Make it readable by the broker's user only (chmod 600 " + shown + ").");
		}
		return decode(content, shown.toString(), fix);
	}

	private static void requireOwnerOnly(Path file) {
		Set<PosixFilePermission> permissions;
		try {
			permissions = Files.getPosixFilePermissions(file);
		}
		catch (UnsupportedOperationException | IOException ex) {
			return;
		}
		if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
			Path shown = file.toAbsolutePath();
			throw new MasterKeyException("The master key file " + shown + " can be read or written by other users "
					+ "(mode " + PosixFilePermissions.toString(permissions) + "); whoever reads it can open every "
					+ "secret in the store.", "Make it private to the broker's user: chmod 600 " + shown);
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
			throw new MasterKeyException("Cannot write the master key file " + file + ": " + ex.getMessage() + ".",
					"Make its directory writable by the broker's user, or set CREDBROKER_MASTER_KEY (generate one "
							+ "with: " + GENERATE + ").");
		}
		log.warn(
				"Generated a new master key in {} (mode 0600). Secrets at rest are sealed with it: back it up with "
						+ "the data directory, or set CREDBROKER_MASTER_KEY (base64 of 32 bytes) to supply your own.",
				file.toAbsolutePath());
		return new SecretKeySpec(key, "AES");
	}

	private static SecretKey decode(String base64, String origin, String fix) {
		if (base64.isBlank()) {
			throw new MasterKeyException("The master key from " + origin + " is empty.", fix);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new MasterKeyException("The master key from " + origin + " is not valid base64.", fix);
		}
		if (key.length != KEY_BYTES) {
			throw new MasterKeyException("The master key from " + origin + " must be " + KEY_BYTES
					+ " bytes (base64 of 32 random bytes), not " + key.length + ".", fix);
		}
		return new SecretKeySpec(key, "AES");
	}

}
