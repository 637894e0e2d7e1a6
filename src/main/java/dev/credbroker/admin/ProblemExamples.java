package dev.credbroker.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Example problem bodies for the API description, shaped as AdminProblemHandler writes
 * them.
 */
final class ProblemExamples {

	private ProblemExamples() {
	}

	static Map<String, Object> of(int status, String description) {
		HttpStatus http = HttpStatus.valueOf(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (status == 400) ? "Invalid request" : http.getReasonPhrase());
		problem.put("status", status);
		problem.put("detail", detail(status, description));
		problem.put("instance", "/admin/v1/workloads/app");
		if (status == 400) {
			problem.put("errors", List
				.of(Map.of("field", "durationSeconds", "message", "must be from 1800 to 43200 for assume-role")));
		}
		return problem;
	}

	private static String detail(int status, String description) {
		return switch (status) {
			case 400 -> "durationSeconds: must be from 1800 to 43200 for assume-role";
			case 401 -> "Send the admin token as 'Authorization: Bearer <token>'";
			case 413 -> BodyTooLargeException.MESSAGE;
			case 415 -> AdminRequestFilter.UNSUPPORTED_TYPE;
			case 429 -> "Too many wrong admin tokens from this address; wait 42 s";
			case 500 -> "The broker failed unexpectedly; its log has the details";
			default -> description.replace("`", "");
		};
	}

}
