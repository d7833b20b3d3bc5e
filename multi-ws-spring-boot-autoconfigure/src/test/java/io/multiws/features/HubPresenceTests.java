package io.multiws.features;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HubPresence}: the frames each session gets, on a clock of the test's
 * own.
 *
 * @author multi-ws team
 */
class HubPresenceTests {

	private static final JsonMapper json = new JsonMapper();

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final List<WsSession> members = new CopyOnWriteArrayList<>();

	private final Map<WsSession, List<WsPayload>> received = new ConcurrentHashMap<>();

	/**
	 * Sessions whose next send finds their connection gone and leaves, as a transport may
	 * on the sending thread.
	 */
	private final Set<WsSession> leaveOnSend = ConcurrentHashMap.newKeySet();

	private final HubPresence presence = presence(PresenceView.FULL, Integer.MAX_VALUE);

	@Test
	void aJoinerGetsTheStateAndTheOthersADiff() {
		WsSession alice = join("alice");
		assertThat(texts(alice)).containsExactly(state("alice"));
		later();
		WsSession bob = join("bob");
		assertThat(texts(bob)).containsExactly(state("alice", "bob"));
		assertThat(texts(alice)).last().isEqualTo(diff(List.of("bob"), List.of()));
		later();
		leave(bob);
		assertThat(texts(alice)).last().isEqualTo(diff(List.of(), List.of("bob")));
	}

	@Test
	void changesCloseTogetherComeInOneDiffAndJoinersShareOneState() {
		WsSession alice = join("alice");
		WsSession bob = join("bob");
		WsSession carol = join("carol");
		WsSession dave = join("dave");
		leave(carol);
		assertThat(texts(alice)).as("nothing until the next tick").containsExactly(state("alice"));
		assertThat(texts(bob)).as("the members as last told").containsExactly(state("alice"));
		assertThat(this.received.get(dave).get(0)).as("encoded once").isSameAs(this.received.get(bob).get(0));
		this.presence.pushDiffIfDue();
		assertThat(texts(alice)).hasSize(1);
		later();
		this.presence.pushDiffIfDue();
		String diff = diff(List.of("bob", "dave"), List.of());
		assertThat(texts(alice)).containsExactly(state("alice"), diff);
		assertThat(texts(bob)).containsExactly(state("alice"), diff);
		assertThat(texts(dave)).containsExactly(state("alice"), diff);
		assertThat(texts(carol)).as("gone before the diff").containsExactly(state("alice"));
		later();
		WsSession erin = join("erin");
		assertThat(texts(erin)).as("a change after a quiet tick goes at once")
			.containsExactly(state("alice", "bob", "dave", "erin"));
	}

	@Test
	void aSessionInTheHubButNotYetCountedGetsNoDiffBeforeItsState() {
		WsSession alice = session("alice", null);
		WsSession bob = session("bob", null);
		// bob is already a member of the hub, on his way to being counted, when alice is counted
		this.members.addAll(List.of(alice, bob));
		this.presence.join(alice);
		later();
		this.presence.join(bob);
		assertThat(texts(bob)).singleElement().isEqualTo(state("alice", "bob"));
		assertThat(texts(alice)).hasSize(2).last().isEqualTo(diff(List.of("bob"), List.of()));
	}

	@Test
	void aSessionThatLeftGetsNoMoreDiffs() {
		WsSession alice = join("alice");
		later();
		WsSession bob = join("bob");
		later();
		leave(bob);
		later();
		join("carol");
		assertThat(texts(bob)).singleElement().isEqualTo(state("alice", "bob"));
		assertThat(texts(alice)).last().isEqualTo(diff(List.of("carol"), List.of()));
	}

	@Test
	void aSecondSessionOfAKeyIsNoDiff() {
		WsSession alice = join("alice");
		later();
		join("alice");
		later();
		join("bob");
		assertThat(texts(alice)).containsExactly(state("alice"), diff(List.of("bob"), List.of()));
		assertThat(this.presence.members()).extracting("sessions").containsExactly(2, 1);
	}

	@Test
	void sessionsWithoutAPrincipalSeeWhatTheEndpointAllows() {
		HubPresence keysOnly = presence(PresenceView.KEYS, Integer.MAX_VALUE);
		WsSession alice = session("alice", "alice");
		keysOnly.join(alice);
		WsSession anonymous = session("anonymous", null);
		keysOnly.join(anonymous);
		assertThat(texts(anonymous)).singleElement().isEqualTo("{\"presence\":\"state\",\"members\":[{\"key\":\"alice\"}]}");
		assertThat(texts(alice)).singleElement().asString().contains("\"metadata\"");
		later();
		keysOnly.pushDiffIfDue();
		assertThat(texts(anonymous)).last().isEqualTo("{\"presence\":\"diff\",\"joins\":[{\"key\":\"anonymous\"}],\"leaves\":[]}");
		HubPresence none = presence(PresenceView.NONE, Integer.MAX_VALUE);
		WsSession unseen = session("unseen", null);
		none.join(unseen);
		later();
		none.join(session("carol", "carol"));
		assertThat(this.received.get(unseen)).as("no presence frames at all").isEmpty();
	}

	@Test
	void aSessionThatLeavesWhileADiffIsPushedToItLeavesCleanly() {
		WsSession alice = join("alice");
		WsSession bob = join("bob");
		WsSession dave = join("dave");
		later();
		this.presence.pushDiffIfDue();
		// Two of them, so that one is taken from the set after the other left it
		this.leaveOnSend.addAll(List.of(bob, dave));
		later();
		WsSession carol = join("carol");
		assertThat(texts(alice)).last().isEqualTo(diff(List.of("carol"), List.of()));
		assertThat(this.presence.contains("bob") || this.presence.contains("dave"))
			.as("gone while their diff was written").isFalse();
		later();
		this.presence.pushDiffIfDue();
		assertThat(leaves(last(alice))).containsExactlyInAnyOrder("bob", "dave");
		assertThat(leaves(last(carol))).containsExactlyInAnyOrder("bob", "dave");
	}

	@Test
	void aStateLargerThanAllowedListsTheMembersThatFitAndSaysSo() {
		HubPresence bounded = presence(PresenceView.FULL, 200);
		for (int i = 0; i < 10; i++) {
			bounded.join(session("member-" + i, null));
		}
		later();
		bounded.pushDiffIfDue();
		WsSession joiner = session("joiner", null);
		bounded.join(joiner);
		WsPayload state = this.received.get(joiner).get(0);
		assertThat(state.size()).isLessThanOrEqualTo(200);
		Map<?, ?> frame = json.readValue(state.asText(), Map.class);
		assertThat(frame.get("truncated")).isEqualTo(true);
		assertThat(frame.get("count")).isEqualTo(10);
		assertThat((List<?>) frame.get("members")).isNotEmpty().hasSizeLessThan(10);
	}

	private HubPresence presence(PresenceView anonymousView, int stateMaxBytes) {
		return new HubPresence(hub(),
				new HubFeatureSettings(0, Duration.ZERO, 0, false, true, true, anonymousView, stateMaxBytes),
				(frame) -> WsPayload.text(json.writeValueAsString(frame)), this.clock::get);
	}

	private void later() {
		this.clock.addAndGet(HubPresence.DIFF_INTERVAL_MILLIS);
	}

	private WsSession join(String key) {
		WsSession session = session(key, null);
		this.members.add(session);
		this.presence.join(session);
		return session;
	}

	private boolean leave(WsSession session) {
		this.members.remove(session);
		this.presence.leave(session);
		return false;
	}

	private List<String> texts(WsSession session) {
		return this.received.get(session).stream().map(WsPayload::asText).toList();
	}

	private String last(WsSession session) {
		List<String> texts = texts(session);
		return texts.get(texts.size() - 1);
	}

	private static List<String> leaves(String diff) {
		Map<?, ?> frame = json.readValue(diff, Map.class);
		return ((List<?>) frame.get("leaves")).stream().map((member) -> (String) ((Map<?, ?>) member).get("key")).toList();
	}

	private static String state(String... keys) {
		StringBuilder state = new StringBuilder("{\"presence\":\"state\",\"members\":[");
		for (int i = 0; i < keys.length; i++) {
			state.append((i > 0) ? "," : "").append(member(keys[i]));
		}
		return state.append("]}").toString();
	}

	private static String diff(List<String> joins, List<String> leaves) {
		StringBuilder diff = new StringBuilder("{\"presence\":\"diff\",\"joins\":[");
		for (int i = 0; i < joins.size(); i++) {
			diff.append((i > 0) ? "," : "").append(member(joins.get(i)));
		}
		diff.append("],\"leaves\":[");
		for (int i = 0; i < leaves.size(); i++) {
			diff.append((i > 0) ? "," : "").append("{\"key\":\"").append(leaves.get(i)).append("\"}");
		}
		return diff.append("]}").toString();
	}

	private static String member(String key) {
		return "{\"key\":\"" + key + "\",\"metadata\":{},\"sessions\":1}";
	}

	private WsHub hub() {
		return (WsHub) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { WsHub.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "sessions" -> List.copyOf(this.members);
					case "path" -> "/chat/a";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	private WsSession session(String key, @Nullable String user) {
		List<WsPayload> frames = new CopyOnWriteArrayList<>();
		Map<String, Object> attributes = Map.of(WsPresence.KEY_ATTRIBUTE, key);
		Principal principal = (user != null) ? () -> user : null;
		WsSession session = (WsSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { WsSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "send" -> this.leaveOnSend.remove(proxy) ? leave((WsSession) proxy)
							: frames.add((WsPayload) args[0]);
					case "attributes" -> attributes;
					case "principal" -> principal;
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
