package dev.credbroker.common;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One page of a list ordered by name, and the cursor of the next one ({@code null} on the
 * last page). An admin list answers it as a plain JSON array (the body of an unpaged list
 * stays the same) with the next page in a {@code Link: <...>; rel="next"} header:
 *
 * <pre>
 * &#64;GetMapping
 * ResponseEntity&lt;List&lt;IssuerView&gt;&gt; list(PageRequest page) {
 *     return this.issuers.page(page).map(IssuerView::of).toResponse();
 * }
 * </pre>
 *
 * @param <T> the entries
 * @param items the entries of this page, in name order
 * @param request the page asked for
 * @param nextCursor the cursor of the next page, {@code null} on the last
 */
public record Page<T>(List<T> items, PageRequest request, String nextCursor) {

	public Page {
		items = List.copyOf(items);
	}

	/**
	 * From rows in name order read with {@link PageRequest#fetchSize()} (one more than
	 * the limit, to tell whether another page follows).
	 */
	public static <T> Page<T> of(List<T> rows, PageRequest request, Function<? super T, String> name) {
		if (rows.size() <= request.limit()) {
			return new Page<>(rows, request, null);
		}
		List<T> items = rows.subList(0, request.limit());
		return new Page<>(items, request, PageRequest.cursorAfter(name.apply(items.get(items.size() - 1))));
	}

	/** A page of a list held in memory (in any order). */
	public static <T> Page<T> ofAll(Collection<T> all, PageRequest request, Function<? super T, String> name) {
		List<T> rows = all.stream()
			.filter((entry) -> request.startsBefore(name.apply(entry)))
			.sorted(Comparator.comparing(name))
			.limit(request.fetchSize())
			.toList();
		return of(rows, request, name);
	}

	public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
		return new Page<>(this.items.stream().<R>map(mapper).toList(), this.request, this.nextCursor);
	}

	/**
	 * 200 with the entries as a JSON array and, unless this is the last page, a
	 * {@code Link} header to the next page relative to the current request.
	 */
	public ResponseEntity<List<T>> toResponse() {
		var answer = ResponseEntity.ok();
		if (this.nextCursor != null) {
			HttpServletRequest current = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
				.getRequest();
			answer.header(HttpHeaders.LINK, nextLink(current.getRequestURI(), current.getQueryString()));
		}
		return answer.body(this.items);
	}

	/**
	 * {@code <path?limit=..&cursor=..>; rel="next"}: the request's path and other query
	 * parameters, with this page's limit and the next cursor. Relative, so that it never
	 * repeats a host name the caller sent.
	 */
	String nextLink(String path, String query) {
		String next = UriComponentsBuilder.fromPath(path)
			.query(query)
			.replaceQueryParam("limit", this.request.limit())
			.replaceQueryParam("cursor", this.nextCursor)
			.build()
			.toUriString();
		return "<" + next + ">; rel=\"next\"";
	}

}
