package io.multiws.test;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;

/**
 * Entry point of the AssertJ assertions of multi-ws.
 * <pre class="code">
 * assertThat(hubs).hub("/rooms/a").hasSessions(2);
 * assertThat(hubs).hub("/games/1").history().hasPayloads("e1", "e2");
 * assertThat(hubs).hub("/games/1").presence().containsOnlyKeys("alice", "bob");
 * assertThat(client).receivedJson(Quote.class).satisfies((quote) -&gt; ...);
 * assertThat(alice).receivedMessage().hasPayload("e4");
 * assertThat(alice).receivedPresenceState().containsKeys("alice");
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
	 * Assertions on a message, its id and its payload apart.
	 * @param message the message
	 * @return the assertions
	 * @since 0.2.0
	 */
	public static WsMessageAssert assertThat(WsMessage message) {
		return new WsMessageAssert(message);
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
