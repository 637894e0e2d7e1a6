package dev.credbroker.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.credbroker.crypto.MasterKeyException;
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
		Path file = privateFile("master.key", "c2hvcnQ=\n");
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

	@ParameterizedTest
	@ValueSource(strings = { "rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-------" })
	void aKeyFileOtherUsersMayReadIsRefusedWithTheChmodToRun(String mode) throws Exception {
		Path file = privateFile("master.key", KEY + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
		if (mode.equals("rw-------")) {
			assertThat(embedded(null, file).load().getEncoded()).isEqualTo(Base64.getDecoder().decode(KEY));
			return;
		}
		assertThatExceptionOfType(MasterKeyException.class).isThrownBy(() -> embedded(null, file).load())
			.satisfies((ex) -> assertThat(ex.problem()).contains(file.toString()).contains(mode))
			.satisfies((ex) -> assertThat(ex.action())
				.isEqualTo("Make it private to the broker's user: chmod 600 " + file));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("left as it was")
			.isEqualTo(mode);
	}

	@Test
	void aMissingKeyFileOfAStoreHoldingSecretsIsAnErrorNotANewKey() {
		Path file = this.dir.resolve("master.key");
		MasterKeyLoader loader = new MasterKeyLoader(new MasterKeyProperties(null, file), true, true);
		assertThatExceptionOfType(MasterKeyException.class).isThrownBy(loader::load)
			.satisfies((ex) -> assertThat(ex.problem()).contains(file.toString())
				.contains("is missing")
				.contains("already holds secrets"))
			.satisfies((ex) -> assertThat(ex.action()).contains("Restore " + file)
				.contains("from your backup")
				.contains("CREDBROKER_MASTER_KEY"));
		assertThat(file).as("no decoy key is left behind").doesNotExist();
		assertThat(new MasterKeyLoader(new MasterKeyProperties(Secret.of(KEY), file), true, true).load().getEncoded())
			.as("a given key still serves such a store")
			.isEqualTo(Base64.getDecoder().decode(KEY));
	}

	@Test
	void anEmptyKeyFileFailsClearly() throws Exception {
		Path file = privateFile("master.key", "\n");
		assertThatExceptionOfType(MasterKeyException.class).isThrownBy(() -> embedded(null, file).load())
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo("The master key from " + file + " is empty."))
			.satisfies((ex) -> assertThat(ex.action()).contains("Restore " + file)
				.contains("CREDBROKER_MASTER_KEY")
				.contains("openssl rand -base64 32"));
	}

	@Test
	void previousKeysAreDecodedAndABadOneIsNamedWithoutItsValue() {
		String other = Base64.getEncoder().encodeToString(new byte[32]);
		MasterKeyLoader loader = new MasterKeyLoader(new MasterKeyProperties(Secret.of(KEY), this.dir.resolve("k"),
				List.of(Secret.of(other), Secret.of(KEY))), false);
		assertThat(loader.loadPrevious()).extracting(SecretKey::getEncoded)
			.containsExactly(Base64.getDecoder().decode(other), Base64.getDecoder().decode(KEY));
		MasterKeyLoader bad = new MasterKeyLoader(new MasterKeyProperties(Secret.of(KEY), this.dir.resolve("k"),
				List.of(Secret.of(KEY), Secret.of("c2hvcnQ="))), false);
		assertThatExceptionOfType(MasterKeyException.class).isThrownBy(bad::loadPrevious)
			.withMessageContaining("credbroker.master.previous-keys[1]")
			.withMessageContaining("must be 32 bytes")
			.withMessageNotContaining("c2hvcnQ=");
	}

	private Path privateFile(String name, String content) throws Exception {
		Path file = this.dir.resolve(name);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(file, content);
		return file;
	}

	private static MasterKeyLoader embedded(String key, Path file) {
		return new MasterKeyLoader(new MasterKeyProperties(Secret.ofNullable(key), file), true);
	}

}
