package dev.credbroker.crypto.internal;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.credbroker.crypto.MasterKeyProperties;
import dev.credbroker.crypto.SecretSealer;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

	@Bean
	SecretSealer secretSealer(MasterKeyProperties properties, @Value("${credbroker.data-dir:./data}") Path dataDir,
			@Value("${spring.datasource.url:}") String datasourceUrl, JdbcClient jdbc) {
		MasterKeyProperties resolved = (properties.file() != null) ? properties
				: new MasterKeyProperties(properties.key(), dataDir.resolve("master.key"));
		boolean embedded = datasourceUrl.isBlank() || datasourceUrl.startsWith("jdbc:h2:");
		SecretSealer sealer = new AesGcmSecretSealer(new MasterKeyLoader(resolved, embedded).load());
		new MasterKeyCheck(jdbc, sealer).verify();
		return sealer;
	}

}
