package io.multiws.javaclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BackOff}: the delays double up to the cap, and the jitter keeps each
 * within 50-100 % of its step.
 *
 * @author multi-ws team
 */
class BackOffTests {

	private static final Duration MIN = Duration.ofMillis(100);

	private static final Duration MAX = Duration.ofMillis(1600);

	@Test
	void withTheLargestJitterTheDelaysDoubleUpToTheCap() {
		BackOff backOff = new BackOff(MIN, MAX, () -> Math.nextDown(1.0));
		assertThat(delays(backOff, 8)).containsExactly(100L, 200L, 400L, 800L, 1600L, 1600L, 1600L, 1600L);
	}

	@Test
	void withTheSmallestJitterEachDelayIsHalfItsStep() {
		BackOff backOff = new BackOff(MIN, MAX, () -> 0.0);
		assertThat(delays(backOff, 7)).containsExactly(50L, 100L, 200L, 400L, 800L, 800L, 800L);
	}

	@Test
	void randomJitterKeepsEachDelayWithinItsBounds() {
		BackOff backOff = new BackOff(MIN, MAX, () -> ThreadLocalRandom.current().nextDouble());
		for (int round = 0; round < 100; round++) {
			List<Long> delays = delays(backOff, 8);
			for (int attempt = 0; attempt < delays.size(); attempt++) {
				long step = Math.min(MAX.toMillis(), MIN.toMillis() << attempt);
				assertThat(delays.get(attempt)).as("delay %d of %s", attempt, delays).isBetween(step / 2, step);
			}
			backOff.reset();
		}
	}

	@Test
	void resetStartsAgainFromTheMinimum() {
		BackOff backOff = new BackOff(MIN, MAX, () -> 0.0);
		delays(backOff, 5);
		backOff.reset();
		assertThat(backOff.nextDelayMillis()).isEqualTo(50L);
	}

	@Test
	void aLongRunOfAttemptsStaysAtTheCap() {
		BackOff backOff = new BackOff(MIN, Duration.ofDays(365), () -> 0.0);
		List<Long> delays = delays(backOff, 100);
		assertThat(delays).isSorted().allSatisfy((delay) -> assertThat(delay).isPositive());
	}

	private static List<Long> delays(BackOff backOff, int count) {
		List<Long> delays = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			delays.add(backOff.nextDelayMillis());
		}
		return delays;
	}

}
