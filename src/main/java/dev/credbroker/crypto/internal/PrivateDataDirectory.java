package dev.credbroker.crypto.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps the embedded store's data directory private before anything opens it: the
 * directory mode 0700 (created so), the files in it 0600. They hold access key ids,
 * sealed secrets, token hashes, audit rows and the master key file. H2 creates its files
 * with the process umask; inside a 0700 directory nobody else reaches them, and
 * {@link #secure} runs again once the store is open to tighten them as well. On a file
 * system without POSIX permissions nothing is changed.
 */
class PrivateDataDirectory implements EnvironmentPostProcessor, Ordered {

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private final Log log;

	PrivateDataDirectory(DeferredLogFactory logs) {
		this.log = logs.getLog(PrivateDataDirectory.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("spring.datasource.url", "");
		if (!CryptoConfiguration.isEmbeddedStore(url) || url.startsWith("jdbc:h2:mem:")) {
			// Nothing of the store on disk (another database, or H2 in memory as in the
			// image's class-data training run).
			return;
		}
		Path dir = Path.of(environment.getProperty("credbroker.data-dir", "./data"));
		secure(dir, keyFileInUse(environment, dir), this.log::warn, this.log::warn);
	}

	/**
	 * The key file, unless a key is given. MasterKeyLoader refuses it when exposed
	 * instead of it being tightened here: its key may have been read.
	 */
	private static Path keyFileInUse(ConfigurableEnvironment environment, Path dir) {
		if (!environment.getProperty("credbroker.master.key", "").isBlank()) {
			return null;
		}
		String file = environment.getProperty("credbroker.master.file");
		return (file != null) ? Path.of(file) : dir.resolve(CryptoConfiguration.KEY_FILE);
	}

	@Override
	public int getOrder() {
		// After the configuration files and command line are read.
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Creates {@code dir} with mode 0700 when missing; tightens it to 0700 and the files
	 * in it but {@code keyFile} (may be {@code null}) to 0600 otherwise, telling
	 * {@code changed} about each. Failures are reported to {@code warn}, not thrown: a
	 * volume the broker's user does not own may refuse the change.
	 */
	static void secure(Path dir, Path keyFile, Consumer<String> changed, Consumer<String> warn) {
		Path absolute = dir.toAbsolutePath().normalize();
		try {
			if (absolute.getParent() != null) {
				Files.createDirectories(absolute.getParent());
			}
			Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
		}
		catch (FileAlreadyExistsException ex) {
			// An existing directory is tightened below.
		}
		catch (UnsupportedOperationException ex) {
			return;
		}
		catch (IOException ex) {
			warn.accept("Cannot create the data directory " + absolute + ": " + ex.getMessage());
			return;
		}
		restrict(absolute, DIRECTORY, changed, warn);
		try (DirectoryStream<Path> files = Files.newDirectoryStream(absolute)) {
			for (Path file : files) {
				boolean isKeyFile = keyFile != null && file.equals(keyFile.toAbsolutePath().normalize());
				if (!isKeyFile && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
					restrict(file, FILE, changed, warn);
				}
			}
		}
		catch (IOException ex) {
			warn.accept("Cannot list the data directory " + absolute + ": " + ex.getMessage());
		}
	}

	private static void restrict(Path path, Set<PosixFilePermission> wanted, Consumer<String> changed,
			Consumer<String> warn) {
		boolean directory = wanted == DIRECTORY;
		String mode = directory ? "700" : "600";
		try {
			Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
			// The directory exactly 0700 (its owner must enter it), a file at most 0600.
			if (directory ? !current.equals(wanted) : !wanted.containsAll(current)) {
				Files.setPosixFilePermissions(path, wanted);
				changed.accept("Restricted " + path + " to its owner (mode " + PosixFilePermissions.toString(wanted)
						+ " instead of " + PosixFilePermissions.toString(current) + "): it holds secrets at rest.");
			}
		}
		catch (UnsupportedOperationException ex) {
			// No POSIX permissions here (Windows): nothing to tighten.
		}
		catch (IOException ex) {
			warn.accept("Cannot restrict " + path + " to its owner (" + ex.getMessage() + "); run: chmod " + mode + " "
					+ path);
		}
	}

}
