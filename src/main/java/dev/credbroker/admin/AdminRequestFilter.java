package dev.credbroker.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks admin and Actuator requests for what Spring would otherwise fail on with an
 * {@link IllegalArgumentException} or an empty answer, before anything parses it, so that
 * the caller gets a problem naming the fix: request bodies over 64 KiB, declared or
 * streamed (413); on any method but GET and HEAD, a {@code Content-Type} that is not one
 * concrete media type, such as {@code application/*}, {@code *}{@code /*} or an unknown
 * charset (415); an {@code Accept} header that is not a list of media types (400).
 */
class AdminRequestFilter extends OncePerRequestFilter {

	static final int LIMIT = 64 * 1024;

	static final String UNREADABLE_ACCEPT = "The Accept header is not a list of media types; send "
			+ "'Accept: application/json' or leave it out";

	/** Why a request body's type was refused, naming the one type the admin API reads. */
	static final String UNSUPPORTED_TYPE = "Send the body as Content-Type: application/json";

	private final ProblemWriter problems;

	AdminRequestFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > LIMIT) {
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, BodyTooLargeException.MESSAGE);
			return;
		}
		if (!isReadableAccept(request.getHeader(HttpHeaders.ACCEPT))) {
			this.problems.write(request, response, HttpStatus.BAD_REQUEST, UNREADABLE_ACCEPT);
			return;
		}
		if (mayCarryBody(request) && !isConcreteOrAbsent(request.getContentType())) {
			this.problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_TYPE);
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
	}

	/** GET and HEAD (all that Actuator answers) carry no body that anything reads. */
	private static boolean mayCarryBody(HttpServletRequest request) {
		return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
	}

	static boolean isReadableAccept(String accept) {
		if (accept == null) {
			return true;
		}
		try {
			MediaType.parseMediaTypes(accept);
			return true;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	static boolean isConcreteOrAbsent(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return true;
		}
		try {
			return MediaType.parseMediaType(contentType).isConcrete();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private ServletInputStream limited;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.limited == null) {
				this.limited = new LimitedInputStream(super.getInputStream());
			}
			return this.limited;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		LimitedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > LIMIT) {
				throw new BodyTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
