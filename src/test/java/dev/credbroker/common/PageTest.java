package dev.credbroker.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PageTest {

	private static final List<String> NAMES = IntStream.rangeClosed(1, 25)
		.mapToObj((i) -> String.format("w-%03d", i))
		.toList();

	@Test
	void aListInMemoryIsWalkedPageByPageWithNoneMissingAndNoneTwice() {
		List<String> shuffled = new ArrayList<>(NAMES);
		Collections.shuffle(shuffled);
		List<String> seen = new ArrayList<>();
		PageRequest request = PageRequest.of("7", null);
		int pages = 0;
		while (true) {
			Page<String> page = Page.ofAll(shuffled, request, Function.identity());
			pages++;
			seen.addAll(page.items());
			if (page.nextCursor() == null) {
				break;
			}
			request = PageRequest.of("7", page.nextCursor());
		}
		assertThat(seen).isEqualTo(NAMES);
		assertThat(pages).isEqualTo(4);
	}

	@Test
	void aFullLastPageHasNoNextCursor() {
		Page<String> page = Page.of(NAMES.subList(0, 5), PageRequest.of("5", null), Function.identity());
		assertThat(page.items()).hasSize(5);
		assertThat(page.nextCursor()).isNull();
		Page<String> more = Page.of(NAMES.subList(0, 6), PageRequest.of("5", null), Function.identity());
		assertThat(more.items()).hasSize(5);
		assertThat(more.nextCursor()).isEqualTo(PageRequest.cursorAfter("w-005"));
	}

	@Test
	void mappingKeepsTheCursor() {
		Page<String> page = Page.of(NAMES.subList(0, 3), PageRequest.of("2", null), Function.identity());
		Page<Integer> lengths = page.map(String::length);
		assertThat(lengths.items()).containsExactly(5, 5);
		assertThat(lengths.nextCursor()).isEqualTo(page.nextCursor());
	}

	@Test
	void theNextLinkIsRelativeKeepsOtherParametersAndReplacesLimitAndCursor() {
		Page<String> page = Page.of(NAMES.subList(0, 3), PageRequest.of("2", PageRequest.cursorAfter("a")),
				Function.identity());
		String cursor = PageRequest.cursorAfter("w-002");
		assertThat(page.nextLink("/admin/v1/workloads", null))
			.isEqualTo("</admin/v1/workloads?limit=2&cursor=" + cursor + ">; rel=\"next\"");
		assertThat(page.nextLink("/admin/v1/workloads", "limit=2&cursor=YQ&x=1"))
			.isEqualTo("</admin/v1/workloads?x=1&limit=2&cursor=" + cursor + ">; rel=\"next\"");
	}

}
