package io.multiws.test;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;

/**
 * Entry point of the AssertJ assertions of multi-ws.
 * <pre class="code">
 * assertThat(hubs).hub("/rooms/a").hasSessions(2);
 * assertThat(client).receivedJson(Quote.class).satisfies((quote) -&gt; ...);
 * assertThat(session).receivesNothingWithin(Duration.ofMillis(200));
 * </pre>
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsAssertions {

	private WsAssertions() {
	}

	/**
	 * Assertions on the registry of hubs, which wait for the condition up to a timeout.
	 * @param hubs the registry
	 * @return the assertions
	 */
	public static WsHubsAssert assertThat(WsHubs hubs) {
		return new WsHubsAssert(hubs);
	}

	/**
	 * Assertions on one hub, which wait for the condition up to a timeout.
	 * @param hub the hub
	 * @return the assertions
	 */
	public static WsHubAssert assertThat(WsHub hub) {
		return new WsHubAssert(hub, null, WsTestClient.DEFAULT_TIMEOUT);
	}

	/**
	 * Assertions on what a test connection, an in-process session or a hub's broadcasts
	 * received, which take the next message.
	 * @param receiver the receiver
	 * @return the assertions
	 */
	public static WsReceiverAssert assertThat(WsReceiver receiver) {
		return new WsReceiverAssert(receiver);
	}

}
