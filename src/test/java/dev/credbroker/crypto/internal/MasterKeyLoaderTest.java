package dev.credbroker.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.crypto.MasterKeyProperties;
import dev.credbroker.crypto.Secret;

class MasterKeyLoaderTest {

	private static final String KEY = Base64.getEncoder()
		.encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
				24, 25, 26, 27, 28, 29, 30, 31, 32 });

	@TempDir
	Path dir;

	@Test
	void generatesAKeyFileWithMode0600AndReadsItBack() throws Exception {
		Path file = this.dir.resolve("data/nested/master.key");
		SecretKey generated = embedded(null, file).load();
		assertThat(generated.getEncoded()).hasSize(32);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).isEqualTo(generated.getEncoded());

		assertThat(embedded(null, file).load().getEncoded()).isEqualTo(generated.getEncoded());
	}

	@Test
	void twoGeneratedKeysDiffer() {
		assertThat(embedded(null, this.dir.resolve("a.key")).load().getEncoded())
			.isNotEqualTo(embedded(null, this.dir.resolve("b.key")).load().getEncoded());
	}

	@Test
	void aGivenKeyWinsOverTheFileAndWritesNoFile() {
		Path file = this.dir.resolve("master.key");
		SecretKey key = embedded(KEY, file).load();
		assertThat(key.getEncoded()).isEqualTo(Base64.getDecoder().decode(KEY));
		assertThat(file).doesNotExist();
		assertThat(new MasterKeyLoader(new MasterKeyProperties(Secret.of(" " + KEY + "\n"), file), false).load()
			.getEncoded()).as("surrounding whitespace is ignored").isEqualTo(Base64.getDecoder().decode(KEY));
	}

	@Test
	void invalidBase64FailsClearly() {
		assertThatIllegalStateException().isThrownBy(() -> embedded("not*base64", this.dir.resolve("k")).load())
			.withMessageContaining("CREDBROKER_MASTER_KEY")
			.withMessageContaining("not valid base64")
			.withMessageNotContaining("not*base64");
	}

	@Test
	void wrongLengthFailsClearly() {
		String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
		String thirtyThree = Base64.getEncoder().encodeToString(new byte[33]);
		for (String key : new String[] { sixteen, thirtyThree }) {
			assertThatIllegalStateException().isThrownBy(() -> embedded(key, this.dir.resolve("k")).load())
				.withMessageContaining("must be 32 bytes");
		}
	}

	@Test
	void aCorruptKeyFileFailsNamingTheFile() throws Exception {
		Path file = this.dir.resolve("master.key");
		Files.writeString(file, "c2hvcnQ=\n");
		assertThatIllegalStateException().isThrownBy(() -> embedded(null, file).load())
			.withMessageContaining(file.toString())
			.withMessageContaining("must be 32 bytes");
		assertThat(Files.readString(file)).as("a bad key file is never overwritten").isEqualTo("c2hvcnQ=\n");
	}

	@Test
	void aSharedStoreWithoutAKeyFailsNamingCredbrokerMasterKey() {
		Path file = this.dir.resolve("master.key");
		for (Secret key : new Secret[] { null, Secret.of(""), Secret.of("  ") }) {
			assertThatIllegalStateException()
				.isThrownBy(() -> new MasterKeyLoader(new MasterKeyProperties(key, file), false).load())
				.withMessageContaining("CREDBROKER_MASTER_KEY");
		}
		assertThat(file).doesNotExist();
	}

	private static MasterKeyLoader embedded(String key, Path file) {
		return new MasterKeyLoader(new MasterKeyProperties(Secret.ofNullable(key), file), true);
	}

}
