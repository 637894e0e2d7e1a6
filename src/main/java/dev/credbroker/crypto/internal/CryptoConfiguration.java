package dev.credbroker.crypto.internal;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.credbroker.crypto.MasterKeyProperties;
import dev.credbroker.crypto.SecretSealer;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

	static final String KEY_FILE = "master.key";

	private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);

	@Bean
	SecretSealer secretSealer(MasterKeyProperties properties, @Value("${credbroker.data-dir:./data}") Path dataDir,
			@Value("${spring.datasource.url:}") String datasourceUrl, JdbcClient jdbc) {
		MasterKeyProperties resolved = (properties.file() != null) ? properties
				: new MasterKeyProperties(properties.key(), dataDir.resolve(KEY_FILE), properties.previousKeys());
		boolean embedded = isEmbeddedStore(datasourceUrl);
		MasterKeyLoader loader = new MasterKeyLoader(resolved, embedded, MasterKeyCheck.storeHoldsSealedValues(jdbc));
		SecretSealer sealer = new AesGcmSecretSealer(loader.load(), loader.loadPrevious());
		new MasterKeyCheck(jdbc, sealer).verify();
		if (embedded) {
			// The store's files exist now; H2 created them with the process umask.
			PrivateDataDirectory.secure(dataDir, resolved.file(), log::debug, log::warn);
		}
		return sealer;
	}

	/**
	 * The embedded H2 default (a file in the data directory), as opposed to a shared
	 * store.
	 */
	static boolean isEmbeddedStore(String datasourceUrl) {
		return datasourceUrl.isBlank() || datasourceUrl.startsWith("jdbc:h2:");
	}

}
