package io.multiws.test;

import java.time.Duration;
import java.util.stream.Collectors;

import io.multiws.hub.WsHubs;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on {@link WsHubs}. Hubs come and go with sessions that connect and
 * close on other threads, so each assertion waits for its condition up to a timeout
 * ({@link WsTestClient#DEFAULT_TIMEOUT} unless set with {@link #within}) and then fails
 * with the live hubs in the message.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsHubsAssert extends AbstractAssert<WsHubsAssert, WsHubs> {

	private Duration timeout = WsTestClient.DEFAULT_TIMEOUT;

	WsHubsAssert(WsHubs hubs) {
		super(hubs, WsHubsAssert.class);
	}

	/**
	 * Wait up to this long for each condition.
	 * @param timeout the timeout
	 * @return this assertion
	 */
	public WsHubsAssert within(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * Verify that the hub of a path exists, and continue with assertions on it.
	 * @param path the hub path
	 * @return assertions on the hub
	 */
	public WsHubAssert hub(String path) {
		isNotNull();
		if (!Waiting.until(this.timeout, () -> this.actual.find(path).isPresent())) {
			failWithMessage("Expected a hub at %s within %s but the live hubs are %s", path, this.timeout, live());
		}
		return new WsHubAssert(this.actual.find(path).orElseThrow(),
				() -> this.actual.find(path).orElse(null), this.timeout);
	}

	/**
	 * Verify that no hub exists at a path, for example once its last session left.
	 * @param path the hub path
	 * @return this assertion
	 */
	public WsHubsAssert hasNoHub(String path) {
		isNotNull();
		if (!Waiting.until(this.timeout, () -> this.actual.find(path).isEmpty())) {
			failWithMessage("Expected no hub at %s within %s but the live hubs are %s", path, this.timeout, live());
		}
		return this;
	}

	/**
	 * Verify the number of live hubs.
	 * @param count the expected number
	 * @return this assertion
	 */
	public WsHubsAssert hasHubCount(int count) {
		isNotNull();
		if (!Waiting.until(this.timeout, () -> this.actual.count() == count)) {
			failWithMessage("Expected %s hubs within %s but the live hubs are %s", count, this.timeout, live());
		}
		return this;
	}

	/**
	 * Verify the number of live hubs of an endpoint.
	 * @param endpoint the endpoint name
	 * @param count the expected number
	 * @return this assertion
	 */
	public WsHubsAssert hasHubCount(String endpoint, int count) {
		isNotNull();
		if (!Waiting.until(this.timeout, () -> this.actual.hubs(endpoint).size() == count)) {
			failWithMessage("Expected %s hubs of endpoint '%s' within %s but the live hubs are %s", count, endpoint,
					this.timeout, live());
		}
		return this;
	}

	private String live() {
		return this.actual.hubs()
			.stream()
			.map((hub) -> hub.path() + " (" + hub.size() + " sessions)")
			.sorted()
			.collect(Collectors.joining(", ", "[", "]"));
	}

}
