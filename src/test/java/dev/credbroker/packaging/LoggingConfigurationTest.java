package dev.credbroker.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import dev.credbroker.ops.SecretSafeLoggingFilter;
import org.junit.jupiter.api.Test;

/**
 * The broker logs to the console only: no file under {@code /tmp} or {@code LOG_PATH}, so
 * it starts on a read-only filesystem ({@code docker run --read-only}) and does not fill
 * the pod's {@code /tmp} volume.
 */
class LoggingConfigurationTest {

	@Test
	void logsToTheConsoleOnlyThroughTheSecretSafeFilter() throws Exception {
		URL config = getClass().getClassLoader().getResource("logback-spring.xml");
		assertThat(config).isNotNull();
		LoggerContext context = new LoggerContext();
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		configurator.doConfigure(config);

		List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
		for (Logger logger : context.getLoggerList()) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				appenders.add(it.next());
			}
		}
		assertThat(appenders).isNotEmpty()
			.allSatisfy((appender) -> assertThat(appender).isInstanceOf(ConsoleAppender.class)
				.isNotInstanceOf(FileAppender.class));
		assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNotNull();
		assertThat(context.getTurboFilterList()).hasAtLeastOneElementOfType(SecretSafeLoggingFilter.class);
		context.stop();
	}

}
