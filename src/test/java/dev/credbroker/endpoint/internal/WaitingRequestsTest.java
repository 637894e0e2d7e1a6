package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitingRequestsTest {

	private static final long MB = 1024 * 1024;

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

	@Test
	void thePeakIsTheMostThatWaitedAtOnceSinceItWasLastTaken() {
		this.waiting.tryEnter();
		this.waiting.tryEnter();
		this.waiting.leave();
		this.waiting.leave();
		this.waiting.tryEnter();

		assertThat(this.waiting.peak()).isEqualTo(2);
		assertThat(this.waiting.takePeak()).isEqualTo(2);
		assertThat(this.waiting.peak()).isZero();
		assertThat(this.waiting.entered()).isEqualTo(3);
	}

	@Test
	void aRefusedRequestIsNotCountedAsEntered() {
		this.waiting.tryEnter();
		this.waiting.tryEnter();
		this.waiting.tryEnter();

		assertThat(this.waiting.entered()).isEqualTo(2);
		assertThat(this.waiting.peak()).isEqualTo(2);
	}

	@Test
	void aConfiguredLimitIsKeptWhateverTheHeap() {
		assertThat(WaitingRequests.limitFor(3, 64 * MB)).isEqualTo(3);
		assertThat(WaitingRequests.limitFor(5000, 4096 * MB)).isEqualTo(5000);
	}

	@Test
	void zeroTurnsTheLimitOff() {
		assertThat(WaitingRequests.limitFor(0, 192 * MB)).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void withoutOneAHeapWithRoomGetsAThousand() {
		assertThat(WaitingRequests.limitFor(null, 170 * MB)).isEqualTo(1000);
		assertThat(WaitingRequests.limitFor(null, 4096 * MB)).isEqualTo(1000);
	}

	@Test
	void withoutOneASmallHeapGetsWhatFitsBesideTheBrokersOwnNeeds() {
		assertThat(WaitingRequests.limitFor(null, 115 * MB)).as("-Xmx128m").isEqualTo(652);
		assertThat(WaitingRequests.limitFor(null, 86 * MB)).as("-Xmx96m").isEqualTo(281);
		assertThat(WaitingRequests.limitFor(null, 48 * MB)).as("never none at all").isEqualTo(50);
	}

}
