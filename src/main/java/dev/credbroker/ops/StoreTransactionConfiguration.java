package dev.credbroker.ops;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store's transactions run on {@link StoreTransactionManager} instead of Spring
 * Boot's default (which backs off), customized as Spring Boot would.
 */
@Configuration(proxyBeanMethods = false)
class StoreTransactionConfiguration {

	@Bean
	StoreTransactionManager transactionManager(DataSource dataSource,
			ObjectProvider<TransactionManagerCustomizers> customizers) {
		StoreTransactionManager transactionManager = new StoreTransactionManager(dataSource);
		customizers.ifAvailable((customizer) -> customizer.customize(transactionManager));
		return transactionManager;
	}

}
