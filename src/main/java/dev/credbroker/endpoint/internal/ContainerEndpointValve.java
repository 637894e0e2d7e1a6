package dev.credbroker.endpoint.internal;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the container endpoint answers: in Tomcat's engine pipeline, for
 * {@code GET /v1/credentials} on the server port's connector. A cached answer so skips
 * what the servlet layer does for every request before a filter runs (the host and
 * context valves, the wrapper valve's servlet allocation and filter chain), which the
 * endpoint does not use. Everything else, and any other connector (the admin port, IMDS
 * listeners), passes on untouched to the servlet layer.
 */
final class ContainerEndpointValve extends ValveBase {

	private static final Logger log = LoggerFactory.getLogger(ContainerEndpointValve.class);

	/** The endpoint is never reached for other paths: nothing further to call. */
	private static final FilterChain NOTHING_FURTHER = (request, response) -> {
		throw new IllegalStateException("The container endpoint passed on " + ContainerCredentialsFilter.PATH);
	};

	private final Filter endpoint;

	private volatile Connector serverConnector;

	ContainerEndpointValve(Filter endpoint) {
		super(true);
		this.endpoint = endpoint;
	}

	/** The connector of {@code server.port}, whose requests this valve answers. */
	void serve(Connector connector) {
		this.serverConnector = connector;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		// A request Tomcat has already refused (an HTTP version it does not speak) goes
		// on to its error page, as it would in the servlet layer.
		if (request.getConnector() != this.serverConnector || request.getDispatcherType() != DispatcherType.REQUEST
				|| response.isErrorReportRequired()
				|| !ContainerCredentialsFilter.PATH.equals(request.getRequestURI())) {
			getNext().invoke(request, response);
			return;
		}
		try {
			this.endpoint.doFilter(request, response, NOTHING_FURTHER);
		}
		catch (RuntimeException ex) {
			// No error page past this point: the endpoint's own error shape, never the
			// exception's message.
			log.error("The container endpoint failed: {}", ex.getClass().getName());
			log.debug("Container endpoint failure detail", ex);
			if (!response.isCommitted()) {
				response.reset();
				EndpointErrors.write(response, 500, "InternalError",
						"The broker failed to answer; its log has the details", null);
			}
		}
	}

}
