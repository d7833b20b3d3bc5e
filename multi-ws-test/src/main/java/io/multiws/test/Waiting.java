package io.multiws.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a condition with Awaitility, for assertions that then fail with their own
 * message.
 *
 * @author multi-ws team
 */
final class Waiting {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

	private Waiting() {
	}

	static boolean until(Duration timeout, BooleanSupplier condition) {
		try {
			Awaitility.await()
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(POLL_INTERVAL)
				.until(condition::getAsBoolean);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

}
