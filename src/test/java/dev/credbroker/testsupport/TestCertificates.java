package dev.credbroker.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA and server certificates for {@code localhost} and {@code 127.0.0.1},
 * made with {@code openssl} in a directory of the test's, as PEM files a Spring Boot SSL
 * bundle reads.
 */
public final class TestCertificates {

	private final Path dir;

	private TestCertificates(Path dir) {
		this.dir = dir;
	}

	/** A new CA in {@code dir} ({@code ca.pem}, {@code ca.key}). */
	public static TestCertificates newCa(Path dir) {
		TestCertificates certificates = new TestCertificates(dir);
		certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", certificates.file("ca.key"),
				"-out", certificates.file("ca.pem"), "-days", "2", "-subj", "/CN=credbroker test CA");
		return certificates;
	}

	public Path ca() {
		return this.dir.resolve("ca.pem");
	}

	/**
	 * Writes a fresh key and a certificate signed by the CA, for DNS {@code localhost}
	 * and IP {@code 127.0.0.1}, with the given serial, over {@code certificate} and
	 * {@code privateKey} (PKCS#8 PEM).
	 */
	public void issueServer(long serial, Path certificate, Path privateKey) {
		String name = "server-" + serial;
		write(name + ".ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
				+ "extendedKeyUsage=serverAuth\n");
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", file(name + ".key"), "-out", file(name + ".csr"),
				"-subj", "/CN=localhost");
		openssl("x509", "-req", "-in", file(name + ".csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
				"-set_serial", Long.toString(serial), "-days", "2", "-extfile", file(name + ".ext"), "-out",
				file(name + ".pem"));
		try {
			// Key first: the watcher reloads once both files settle.
			Files.write(privateKey, Files.readAllBytes(this.dir.resolve(name + ".key")));
			Files.write(certificate, Files.readAllBytes(this.dir.resolve(name + ".pem")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A PKCS#12 truststore (password {@code changeit}) holding the CA, for Java clients.
	 */
	public Path truststore() {
		Path truststore = this.dir.resolve("truststore.p12");
		if (!Files.exists(truststore)) {
			run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
					"-noprompt", "-alias", "ca", "-file", ca().toString(), "-keystore", truststore.toString(),
					"-storetype", "PKCS12", "-storepass", "changeit"));
		}
		return truststore;
	}

	/** A TLS context trusting only the CA. */
	public SSLContext sslContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustingCa().getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The serial of the certificate a fresh TLS handshake with {@code 127.0.0.1:port}
	 * sees (no session reuse).
	 */
	public BigInteger servedSerial(int port) {
		try (SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			socket.startHandshake();
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private TrustManagerFactory trustingCa() throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		store.load(null, null);
		try (InputStream in = Files.newInputStream(ca())) {
			store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return factory;
	}

	private String file(String name) {
		return this.dir.resolve(name).toAbsolutePath().toString();
	}

	private void write(String name, String content) {
		try {
			Files.writeString(this.dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void openssl(String... args) {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		run(command);
	}

	private void run(List<String> command) {
		ExternalClients.Result result = ExternalClients.run(Map.of(), Duration.ofSeconds(60), command);
		if (result.exitCode() != 0) {
			throw new IllegalStateException(command + " failed: " + result);
		}
	}

}
