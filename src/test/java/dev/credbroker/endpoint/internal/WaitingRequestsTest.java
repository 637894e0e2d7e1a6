package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitingRequestsTest {

	private final WaitingRequests waiting = new WaitingRequests(2);

	@Test
	void admitsUpToTheLimit() {
		assertThat(this.waiting.tryEnter()).isTrue();
		assertThat(this.waiting.tryEnter()).isTrue();
		assertThat(this.waiting.tryEnter()).isFalse();
		assertThat(this.waiting.count()).isEqualTo(2);
	}

	@Test
	void aPlaceLeftIsFreeAgain() {
		this.waiting.tryEnter();
		this.waiting.tryEnter();
		this.waiting.leave();

		assertThat(this.waiting.tryEnter()).isTrue();
		assertThat(this.waiting.count()).isEqualTo(2);
	}

}
