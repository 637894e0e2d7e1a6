package dev.credbroker.admin;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import dev.credbroker.common.AdminAwsCalls;
import dev.credbroker.common.ConflictException;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.NotFoundException;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.crypto.Secret;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.source.KeyRotationException;
import dev.credbroker.source.MfaCodeRejectedException;
import dev.credbroker.source.SourceAws.AwsOperationException;

/**
 * The one place that turns failures into admin API answers: RFC 9457
 * {@code application/problem+json}, naming the field and what is allowed, never echoing a
 * submitted value (it may be a secret) and never a stack trace.
 */
@RestControllerAdvice
class AdminProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(AdminProblemHandler.class);

	/** Seconds a client waits before retrying a request refused during a store outage. */
	static final String STORE_RETRY_AFTER = "5";

	/**
	 * Request attribute set when a request was refused because the store is unreachable.
	 */
	static final String STORE_UNAVAILABLE = AdminProblemHandler.class.getName() + ".storeUnavailable";

	private final StoreAvailability storeAvailability;

	AdminProblemHandler(StoreAvailability storeAvailability) {
		this.storeAvailability = storeAvailability;
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalid(InvalidRequestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request");
		problem.setProperty("errors",
				ex.violations()
					.stream()
					.map((violation) -> Map.of("field", violation.field(), "message", violation.message()))
					.toList());
		return problem;
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(MfaCodeRejectedException.class)
	ProblemDetail mfaCodeRejected(MfaCodeRejectedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

	@ExceptionHandler(KeyRotationException.class)
	ProblemDetail keyRotationFailed(KeyRotationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
	}

	@ExceptionHandler(AwsOperationException.class)
	ResponseEntity<ProblemDetail> awsOperationFailed(AwsOperationException ex) {
		return ex.rejected() ? ResponseEntity.status(HttpStatus.BAD_GATEWAY)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage())) : unavailable(ex);
	}

	@ExceptionHandler(UpstreamRejectedException.class)
	ProblemDetail upstreamRejected(UpstreamRejectedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
		problem.setTitle("STS rejected the request");
		problem.setProperty("code", ex.code());
		problem.setProperty("stsErrorCode", ex.stsErrorCode());
		return problem;
	}

	/**
	 * The admin API's pool for calls to AWS is full, or a call outlived its timeout (it
	 * goes on): retry later.
	 */
	@ExceptionHandler({ AdminAwsCalls.Busy.class, AdminAwsCalls.TimedOut.class })
	ResponseEntity<ProblemDetail> awsCallsUnavailable(RuntimeException ex) {
		ResponseEntity<ProblemDetail> response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
		response.getBody()
			.setTitle((ex instanceof AdminAwsCalls.Busy) ? "Too many admin calls to AWS" : "AWS call still running");
		return response;
	}

	@ExceptionHandler(IssuanceException.class)
	ResponseEntity<ProblemDetail> issuanceFailed(IssuanceException ex) {
		ResponseEntity<ProblemDetail> response = unavailable(ex);
		response.getBody().setProperty("code", ex.code());
		return response;
	}

	private static ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

	/**
	 * The store cannot be reached (no connection within the pool's timeout, a connection
	 * lost mid-way): the transaction rolled back, nothing was changed, and the caller may
	 * retry once the store is back.
	 */
	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
			TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException ex, HttpServletRequest request) {
		request.setAttribute(STORE_UNAVAILABLE, Boolean.TRUE);
		if (this.storeAvailability.isDown()) {
			// A known outage: the store check logs it once (its start and its end), not
			// every request it refuses.
			log.debug("Admin request refused: the store is unreachable ({})", ex.getClass().getSimpleName());
		}
		else {
			log.warn("Admin request refused: the store is unreachable ({})", ex.getClass().getSimpleName());
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The store (database) is unreachable, so nothing was changed; retry once it is back");
		problem.setTitle("Store unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, STORE_RETRY_AFTER)
			.body(problem);
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ProblemDetail concurrentChange(DuplicateKeyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"A concurrent change to the same name won; read it and try again");
	}

	/**
	 * A broken constraint (SQLSTATE class 23, such as a source deleted while a workload
	 * naming it was stored) is a conflict with another change; anything else (a value too
	 * long for its column) is a gap in validation, so a 500 with the cause logged.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail integrityViolation(DataIntegrityViolationException ex) {
		if (ex.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
				&& sql.getSQLState().startsWith("23")) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"A concurrent change conflicted with this one; read the current state and try again");
		}
		return unexpected(ex);
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected failure in the admin API: {}", ex.getClass().getName());
		log.debug("Unexpected failure detail", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The broker failed unexpectedly; its log has the details");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				AdminRequestFilter.UNSUPPORTED_TYPE);
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (BodyTooLargeException.isCause(ex)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					BodyTooLargeException.MESSAGE);
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex.getCause()));
		problem.setTitle("Invalid request");
		return ResponseEntity.badRequest().body(problem);
	}

	private static String describe(Throwable cause) {
		if (cause instanceof UnrecognizedPropertyException unknown) {
			List<String> known = (unknown.getKnownPropertyIds() != null)
					? unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList() : List.of();
			return "Unknown field '" + path(unknown) + "'; allowed fields: " + String.join(", ", known);
		}
		if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
			return "Field '" + path(mismatched) + "' has the wrong type" + expected(mismatched.getTargetType());
		}
		if (cause instanceof StreamReadException duplicate && duplicate.getOriginalMessage() != null
				&& duplicate.getOriginalMessage().startsWith("Duplicate ") && duplicate.processor() != null) {
			return "Field '" + path(duplicate.processor().streamReadContext()) + "' is given more than once";
		}
		if (cause instanceof JacksonException) {
			return "The body is not valid JSON";
		}
		return "The body is missing or unreadable; send a JSON object";
	}

	/** What JSON a field of the given type takes: its type is checked as sent. */
	private static String expected(Class<?> type) {
		if (type == null) {
			return "";
		}
		if (type == String.class || type == Secret.class) {
			return ": send a string";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return ": send a whole number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return ": send true or false";
		}
		return "";
	}

	/** The dotted path of the property the parser stood on, as {@code errors[].field}. */
	private static String path(TokenStreamContext context) {
		Deque<String> parts = new ArrayDeque<>();
		for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
			if (at.inObject() && at.currentName() != null) {
				parts.addFirst(at.currentName());
			}
			else if (at.inArray()) {
				parts.addFirst("[" + at.getCurrentIndex() + "]");
			}
		}
		return String.join(".", parts).replace(".[", "[");
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
