package dev.credbroker.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

import dev.credbroker.endpoint.ErrorDocument;

/**
 * Tomcat's last-resort error page (requests it rejects before any servlet runs, such as a
 * malformed request line, an encoded slash or NUL in the path, an unsupported HTTP
 * version) as a small JSON body instead of an HTML page: RFC 9457 problem+json on the
 * admin API and Actuator paths, as every other answer there; the container endpoint's
 * {@code {"code","message","Code","Message"}} shape elsewhere. Either names the status as
 * HTTP does (505 is "HTTP Version Not Supported", code {@code HttpVersionNotSupported}).
 */
public class JsonErrorReportValve extends ErrorReportValve {

	private static final JsonFactory JSON = new JsonFactory();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : ((status < 500) ? "Bad Request" : "Server Error");
		String message = (status < 500) ? "The request could not be parsed; check its request line and path"
				: (status == 505) ? "Send HTTP/1.1" : "The server failed to answer";
		boolean problem = isProblemPath(path(request, throwable));
		byte[] body = problem ? problem(status, title, message) : ErrorDocument.render(code(title), message);
		try {
			response.setContentType(problem ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : "application/json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response already committed; nothing more to
			// say.
		}
	}

	/**
	 * The request path as sent, or, when Tomcat stopped inside it (a byte it does not
	 * allow there), what its message quotes of it. Only used to choose the shape of the
	 * answer, never echoed.
	 */
	static String path(Request request, Throwable throwable) {
		String uri = request.getCoyoteRequest().requestURI().toString();
		if (uri != null && !uri.isEmpty()) {
			return uri;
		}
		String message = (throwable != null) ? throwable.getMessage() : null;
		int start = (message != null) ? message.indexOf("[/") : -1;
		return (start >= 0) ? message.substring(start + 1) : "";
	}

	static boolean isProblemPath(String path) {
		return path.startsWith("/admin/") || path.equals("/admin") || path.startsWith("/actuator/")
				|| path.equals("/actuator") || path.equals("/error");
	}

	/** {@code HTTP Version Not Supported} as {@code HttpVersionNotSupported}. */
	static String code(String title) {
		return Arrays.stream(title.split("[^A-Za-z0-9]+"))
			.filter((word) -> !word.isEmpty())
			.map((word) -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).toLowerCase(Locale.ROOT))
			.collect(Collectors.joining());
	}

	private static byte[] problem(int status, String title, String detail) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("type", "about:blank");
			json.writeStringProperty("title", title);
			json.writeNumberProperty("status", status);
			json.writeStringProperty("detail", detail);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
