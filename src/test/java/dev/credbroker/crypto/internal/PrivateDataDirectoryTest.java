package dev.credbroker.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDataDirectoryTest {

	@TempDir
	Path dir;

	private final List<String> changed = new ArrayList<>();

	private final List<String> warnings = new ArrayList<>();

	@Test
	void createsAMissingDirectoryWithMode0700() throws Exception {
		Path data = this.dir.resolve("a/b/data");
		PrivateDataDirectory.secure(data, null, this.changed::add, this.warnings::add);
		assertThat(mode(data)).isEqualTo("rwx------");
		assertThat(this.changed).isEmpty();
		assertThat(this.warnings).isEmpty();
	}

	@Test
	void tightensAnExposedDirectoryAndItsFilesButLeavesTheKeyFileToBeRefused() throws Exception {
		Path data = Files.createDirectory(this.dir.resolve("data"));
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path store = file(data, "credbroker.mv.db", "rw-r--r--");
		Path trace = file(data, "credbroker.trace.db", "rw-rw-rw-");
		Path readOnly = file(data, "notes", "r--------");
		Path key = file(data, "master.key", "rw-r--r--");
		Path nested = Files.createDirectory(data.resolve("backup"));
		Files.setPosixFilePermissions(nested, PosixFilePermissions.fromString("rwxr-xr-x"));

		PrivateDataDirectory.secure(data, key, this.changed::add, this.warnings::add);

		assertThat(mode(data)).isEqualTo("rwx------");
		assertThat(mode(store)).isEqualTo("rw-------");
		assertThat(mode(trace)).isEqualTo("rw-------");
		assertThat(mode(readOnly)).as("already private").isEqualTo("r--------");
		assertThat(mode(key)).as("the key file is checked, not fixed").isEqualTo("rw-r--r--");
		assertThat(mode(nested)).as("behind the 0700 directory").isEqualTo("rwxr-xr-x");
		assertThat(this.changed).hasSize(3).anySatisfy((line) -> assertThat(line).contains(store.toString()));
		assertThat(this.warnings).isEmpty();

		this.changed.clear();
		PrivateDataDirectory.secure(data, key, this.changed::add, this.warnings::add);
		assertThat(this.changed).as("nothing left to change").isEmpty();
	}

	private static Path file(Path dir, String name, String mode) throws Exception {
		Path file = Files.writeString(dir.resolve(name), "x");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
		return file;
	}

	private static String mode(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
