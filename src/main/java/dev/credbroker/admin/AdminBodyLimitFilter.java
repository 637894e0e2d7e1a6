package dev.credbroker.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses admin request bodies over 64 KiB, declared or streamed, and requests whose
 * {@code Content-Type} is not one concrete media type ({@code application/*},
 * {@code *}{@code /*}, an unknown charset, no type at all), before anything parses them:
 * Spring's request headers reject such a type with an {@link IllegalArgumentException},
 * which would otherwise surface as a 500.
 */
class AdminBodyLimitFilter extends OncePerRequestFilter {

	static final int LIMIT = 64 * 1024;

	/** Why a request body's type was refused, naming the one type the admin API reads. */
	static final String UNSUPPORTED_TYPE = "Send the body as Content-Type: application/json";

	private final ProblemWriter problems;

	AdminBodyLimitFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > LIMIT) {
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, BodyTooLargeException.MESSAGE);
			return;
		}
		if (!isConcreteOrAbsent(request.getContentType())) {
			this.problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_TYPE);
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
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
