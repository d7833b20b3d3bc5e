package io.multiws.history;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HubPresence}.
 *
 * @author multi-ws team
 */
class HubPresenceTests {

	private final List<WsSession> members = new CopyOnWriteArrayList<>();

	private final Map<WsSession, List<String>> received = new ConcurrentHashMap<>();

	private final HubPresence presence = new HubPresence(hub(), true, (frame) -> WsPayload.text(frame.toString()));

	@Test
	void aSessionInTheHubButNotYetCountedGetsNoDiffBeforeItsState() {
		WsSession alice = session("alice");
		WsSession bob = session("bob");
		// bob is already a member of the hub, on his way to being counted, when alice is counted
		this.members.add(alice);
		this.members.add(bob);
		this.presence.join(alice);
		assertThat(this.received.get(bob)).isEmpty();
		this.presence.join(bob);
		assertThat(this.received.get(bob)).singleElement().asString().contains("presence=state");
		assertThat(this.received.get(alice)).hasSize(2).last().asString().contains("presence=join", "key=bob");
	}

	@Test
	void aSessionThatLeftGetsNoMoreDiffs() {
		WsSession alice = session("alice");
		WsSession bob = session("bob");
		this.members.addAll(List.of(alice, bob));
		this.presence.join(alice);
		this.presence.join(bob);
		this.presence.leave(bob);
		WsSession carol = session("carol");
		this.members.add(carol);
		this.presence.join(carol);
		assertThat(this.received.get(bob)).singleElement().asString().contains("presence=state");
		assertThat(this.received.get(alice)).last().asString().contains("presence=join", "key=carol");
	}

	private WsHub hub() {
		return (WsHub) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { WsHub.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "sessions" -> List.copyOf(this.members);
					case "path" -> "/chat/a";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	private WsSession session(String key) {
		List<String> frames = new CopyOnWriteArrayList<>();
		Map<String, Object> attributes = Map.of(WsPresence.KEY_ATTRIBUTE, key);
		WsSession session = (WsSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { WsSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "send" -> frames.add(((WsPayload) args[0]).asText());
					case "attributes" -> attributes;
					case "principal" -> null;
					case "id" -> key;
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> key;
					default -> throw new UnsupportedOperationException(method.getName());
				});
		this.received.put(session, frames);
		return session;
	}

}
