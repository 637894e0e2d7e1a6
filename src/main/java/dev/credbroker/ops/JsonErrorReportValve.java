package dev.credbroker.ops;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import dev.credbroker.endpoint.ErrorDocument;

/**
 * Tomcat's last-resort error page (requests it rejects before any servlet runs, such as a
 * malformed request line) as a small JSON body in the container endpoint's shape, instead
 * of an HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String code = (status < 500) ? "BadRequest" : "InternalError";
		String message = (status < 500) ? "The request could not be parsed" : "The server failed to answer";
		byte[] body = ErrorDocument.render(code, message);
		try {
			response.setContentType("application/json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response already committed; nothing more to
			// say.
		}
	}

}
