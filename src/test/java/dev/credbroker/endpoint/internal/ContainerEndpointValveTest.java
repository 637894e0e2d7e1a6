package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.OutputBuffer;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which requests the valve answers and which it passes on, with Tomcat's own request and
 * response objects and a stub endpoint; the endpoint itself is tested through HTTP
 * (ContainerEndpointIT, AdminPortIT, NoHtmlErrorPagesIT, ImdsIT).
 */
class ContainerEndpointValveTest {

	private final Connector serverPort = new Connector("HTTP/1.1");

	private final List<String> answered = new ArrayList<>();

	private final List<String> passedOn = new ArrayList<>();

	private final ByteArrayOutputStream written = new ByteArrayOutputStream();

	private Filter endpoint = (request, response, chain) -> this.answered.add(((Request) request).getRequestURI());

	private ContainerEndpointValve valve;

	@BeforeEach
	void setUp() {
		this.valve = new ContainerEndpointValve(
				(request, response, chain) -> this.endpoint.doFilter(request, response, chain));
		this.valve.serve(this.serverPort);
		this.valve.setNext(new ValveBase() {
			@Override
			public void invoke(Request request, Response response) {
				ContainerEndpointValveTest.this.passedOn.add(request.getRequestURI());
			}
		});
	}

	@Test
	void answersTheContainerPathOnTheServerPortOnly() throws Exception {
		invoke(this.serverPort, "/v1/credentials");
		invoke(this.serverPort, "/v1/credentials/");
		invoke(this.serverPort, "/admin/v1/workloads");
		invoke(new Connector("HTTP/1.1"), "/v1/credentials");

		assertThat(this.answered).containsExactly("/v1/credentials");
		assertThat(this.passedOn).containsExactly("/v1/credentials/", "/admin/v1/workloads", "/v1/credentials");
	}

	@Test
	void aRequestTomcatHasAlreadyRefusedGoesOnToItsErrorPage() throws Exception {
		Response response = response(request(this.serverPort, "/v1/credentials"));
		response.getCoyoteResponse().setStatus(505);
		response.getCoyoteResponse().setError();

		this.valve.invoke(response.getRequest(), response);

		assertThat(this.answered).isEmpty();
		assertThat(this.passedOn).containsExactly("/v1/credentials");
	}

	@Test
	void aFailureInTheEndpointIsA500InTheEndpointsShapeWithoutTheExceptionsMessage() throws Exception {
		this.endpoint = (request, response, chain) -> {
			throw new IllegalStateException("secret-detail");
		};

		Response response = invoke(this.serverPort, "/v1/credentials");
		response.finishResponse();

		assertThat(response.getStatus()).isEqualTo(500);
		MimeHeaders headers = response.getCoyoteResponse().getMimeHeaders();
		assertThat(headers.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(headers.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(headers.getHeader("Date")).isNotBlank();
		String body = this.written.toString(StandardCharsets.UTF_8);
		assertThat(body).contains("\"code\":\"InternalError\"").doesNotContain("secret-detail");
		assertThat(this.passedOn).isEmpty();
	}

	private Response invoke(Connector connector, String uri) throws IOException, ServletException {
		Response response = response(request(connector, uri));
		this.valve.invoke(response.getRequest(), response);
		return response;
	}

	private static Request request(Connector connector, String uri) {
		org.apache.coyote.Request coyote = new org.apache.coyote.Request();
		coyote.requestURI().setString(uri);
		coyote.method().setString("GET");
		Request request = connector.createRequest(coyote);
		coyote.setNote(CoyoteAdapter.ADAPTER_NOTES, request);
		return request;
	}

	private Response response(Request request) {
		org.apache.coyote.Response coyote = new org.apache.coyote.Response();
		coyote.setOutputBuffer(new OutputBuffer() {

			@Override
			public int doWrite(ByteBuffer chunk) {
				int length = chunk.remaining();
				byte[] bytes = new byte[length];
				chunk.get(bytes);
				ContainerEndpointValveTest.this.written.writeBytes(bytes);
				return length;
			}

			@Override
			public long getBytesWritten() {
				return ContainerEndpointValveTest.this.written.size();
			}

		});
		request.getCoyoteRequest().setResponse(coyote);
		coyote.setRequest(request.getCoyoteRequest());
		Response response = request.getConnector().createResponse(coyote);
		request.setResponse(response);
		response.setRequest(request);
		return response;
	}

}
