package dev.credbroker.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * With {@code credbroker.exit-when-ready=true} the broker stops as soon as readiness goes
 * up: after the context, the web server and the start-up warm-up of the miss path. For
 * the class-data-sharing training run of the image (and of {@code bench/run.sh}): the
 * archive written at exit then holds the classes that the warm-up's requests load
 * (Tomcat's request path, the endpoint, the AWS SDK's client), not only those of the
 * context, so that a start from it loads fewer classes from the jars.
 */
@Component
@ConditionalOnBooleanProperty("credbroker.exit-when-ready")
class ExitWhenReady implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private static final Logger log = LoggerFactory.getLogger(ExitWhenReady.class);

	private final ApplicationContext context;

	ExitWhenReady(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			log.info("Ready: exiting, as credbroker.exit-when-ready asks");
			System.exit(SpringApplication.exit(this.context));
		}
	}

}
