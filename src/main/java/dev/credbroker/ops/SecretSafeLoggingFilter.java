package dev.credbroker.ops;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps wire-level DEBUG and TRACE logging of the HTTP stacks off whatever the configured
 * levels say: Tomcat logs raw request headers (workload and admin tokens), Apache
 * HttpClient logs raw bodies (issued secret keys), and the AWS SDK's signer logs
 * canonical requests (session tokens). Registered in {@code logback-spring.xml}.
 */
public class SecretSafeLoggingFilter extends TurboFilter {

	static final List<String> WIRE_LOGGERS = List.of("org.apache.http", "org.apache.hc", "software.amazon.awssdk",
			"org.apache.coyote", "org.apache.tomcat.util.net", "org.apache.tomcat.util.http",
			"org.apache.catalina.connector", "org.apache.catalina.core");

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level != null && level.toInt() < Level.INFO_INT && isWireLogger(logger.getName())) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

	static boolean isWireLogger(String name) {
		for (String prefix : WIRE_LOGGERS) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
