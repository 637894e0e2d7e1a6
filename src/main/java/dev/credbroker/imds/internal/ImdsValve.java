package dev.credbroker.imds.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import dev.credbroker.imds.ImdsProperties;

/**
 * First in Tomcat's engine pipeline: a request that came in on an IMDS listener's
 * connector is answered here and goes no further, so neither the admin API, Actuator nor
 * the container endpoint can be reached on a listener; a request on any other connector
 * passes on untouched (and no IMDS path exists there).
 */
class ImdsValve extends ValveBase {

	private final Map<Connector, Bound> listeners = new ConcurrentHashMap<>();

	private final ImdsRequests requests;

	ImdsValve(ImdsRequests requests) {
		super(true);
		this.requests = requests;
	}

	void bind(Connector connector, ImdsProperties.Listener listener, SessionTokens tokens) {
		this.listeners.put(connector, new Bound(listener, tokens));
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		Bound bound = this.listeners.get(request.getConnector());
		if (bound == null) {
			getNext().invoke(request, response);
			return;
		}
		this.requests.handle(bound.listener(), bound.tokens(), request, response);
	}

	private record Bound(ImdsProperties.Listener listener, SessionTokens tokens) {
	}

}
