package dev.credbroker.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Which page of a list ordered by name a caller asked for: at most {@code limit} entries
 * whose names come after {@code after} ({@code null} for the first page). Built from the
 * {@code limit} and {@code cursor} query parameters; the cursor is opaque to callers
 * (base64url of the last name of the previous page), so the encoding may change.
 *
 * @param limit entries per page, {@value #MIN_LIMIT}-{@value #MAX_LIMIT}
 * @param after the name the page starts after, or {@code null} for the first page
 */
public record PageRequest(int limit, String after) {

	/** Entries per page when the caller gives no {@code limit}. */
	public static final int DEFAULT_LIMIT = 100;

	public static final int MIN_LIMIT = 1;

	/** The most entries one page holds: a few hundred KB of JSON at most. */
	public static final int MAX_LIMIT = 1000;

	/** Longer than any cursor this broker hands out (names are short). */
	static final int MAX_CURSOR_LENGTH = 512;

	static final String LIMIT_RULE = "must be a whole number from " + MIN_LIMIT + " to " + MAX_LIMIT;

	static final String CURSOR_RULE = "is not a cursor this broker handed out: pass the 'cursor' of the "
			+ "previous page's Link header as it is, or leave it out for the first page";

	private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

	private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

	/** The first page, with the default limit. */
	public static final PageRequest FIRST = new PageRequest(DEFAULT_LIMIT, null);

	public PageRequest {
		if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
			throw InvalidRequestException.of("limit", LIMIT_RULE);
		}
	}

	/**
	 * From the query parameters as sent ({@code null} when absent).
	 * @throws InvalidRequestException naming {@code limit} or {@code cursor}; never
	 * echoing the value
	 */
	public static PageRequest of(String limit, String cursor) {
		return new PageRequest(parseLimit(limit), (cursor != null) ? decode(cursor) : null);
	}

	private static int parseLimit(String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (!DIGITS.matcher(limit).matches()) {
			throw InvalidRequestException.of("limit", LIMIT_RULE);
		}
		return Integer.parseInt(limit);
	}

	/** The cursor of the page that starts after {@code name}. */
	public static String cursorAfter(String name) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String cursor) {
		if (cursor.length() > MAX_CURSOR_LENGTH || !BASE64URL.matcher(cursor).matches()) {
			throw InvalidRequestException.of("cursor", CURSOR_RULE);
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(cursor);
			String name = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
				throw InvalidRequestException.of("cursor", CURSOR_RULE);
			}
			return name;
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			throw InvalidRequestException.of("cursor", CURSOR_RULE);
		}
	}

	/** Rows to read: one more than the limit tells whether another page follows. */
	public int fetchSize() {
		return this.limit + 1;
	}

	/**
	 * Whether an entry of this name belongs on or after this page (for lists in memory).
	 */
	public boolean startsBefore(String name) {
		return this.after == null || name.compareTo(this.after) > 0;
	}

}
