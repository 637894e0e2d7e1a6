package dev.credbroker;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Holds long-lived AWS credentials and vends short-lived, scoped ones to workloads. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CredentialBrokerApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(CredentialBrokerApplication.class, args);
	}

}
