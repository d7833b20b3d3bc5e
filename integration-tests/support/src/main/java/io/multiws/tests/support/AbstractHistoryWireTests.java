package io.multiws.tests.support;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsPresenceMember;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.HistoryEndpoints.PresenceEvents;
import io.multiws.tests.app.HistoryEndpoints;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The history, resume, presence and targeted-send suite: a real server on a random port
 * and real WebSocket clients. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.history.history.size=200",
				"multi-ws.endpoints.resume.history.size=10", "multi-ws.endpoints.resume.history.message-ids=true",
				"multi-ws.endpoints.resume.history.ttl=1m", "multi-ws.endpoints.presence.presence.enabled=true",
				"multi-ws.endpoints.presence.presence.push-diffs=true",
				"multi-ws.endpoints.presence.presence.anonymous-view=full",
				"multi-ws.endpoints.private.presence.enabled=true",
				"multi-ws.endpoints.private.presence.push-diffs=true" })
public abstract class AbstractHistoryWireTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * Longer than a presence diff may wait: the diff interval and a tick of the timer.
	 */
	private static final Duration DIFF_WAIT = Duration.ofMillis(800);

	private static final JsonMapper json = new JsonMapper();

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected PresenceEvents presenceEvents;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	protected WsTestConnection connect(String path) {
		return connect(path, Map.of());
	}

	protected WsTestConnection connect(String path, Map<String, String> headers) {
		WsTestClient.ConnectionSpec connection = WsTestClient.forPort(this.port).path(path);
		headers.forEach(connection::header);
		WsTestConnection client = connection.connect();
		this.clients.add(client);
		return client;
	}

	private WsHub hub(String path) {
		await("hub " + path).atMost(WAIT).until(() -> this.hubs.find(path).isPresent());
		return this.hubs.find(path).orElseThrow();
	}

	// History and the join boundary

	@Test
	void joinersDuringContinuousBroadcastsGetEveryMessageOnceInOrder() {
		String path = "/history/load";
		int total = 3000;
		WsTestConnection first = connect(path);
		hub(path);
		AtomicInteger next = new AtomicInteger();
		ScheduledExecutorService broadcaster = Executors.newSingleThreadScheduledExecutor();
		// About 1000 numbered broadcasts a second, from one thread, so that their order is known
		broadcaster.scheduleAtFixedRate(() -> {
			int number = next.getAndIncrement();
			if (number < total) {
				this.hubs.broadcast(path, Integer.toString(number));
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		try {
			List<WsTestConnection> joiners = new ArrayList<>();
			List<Integer> liveFrom = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				int target = next.get() + 250;
				await("broadcasts in flight").atMost(WAIT).until(() -> next.get() >= target);
				joiners.add(connect(path));
				liveFrom.add(next.get());
			}
			await("every broadcast made").atMost(WAIT).until(() -> next.get() >= total);
			assertContiguousUpTo(first, total, 0);
			for (int i = 0; i < joiners.size(); i++) {
				List<Integer> received = assertContiguousUpTo(joiners.get(i), total, -1);
				assertThat(received.get(0)).as("joiner %d got history from before it joined", i)
					.isLessThan(liveFrom.get(i));
			}
		}
		finally {
			broadcaster.shutdownNow();
		}
	}

	private static List<Integer> assertContiguousUpTo(WsTestConnection client, int total, int expectedFirst) {
		List<Integer> received = new ArrayList<>();
		int last = -1;
		while (last < total - 1) {
			last = Integer.parseInt(client.awaitText());
			received.add(last);
		}
		int start = (expectedFirst >= 0) ? expectedFirst : received.get(0);
		assertThat(received).as("no gap and no duplicate").containsExactlyElementsOf(
				IntStream.range(start, total).boxed().toList());
		return received;
	}

	@Test
	void historyKeepsTheLastBroadcastsForTheApplication() {
		String path = "/history/api";
		WsTestConnection client = connect(path);
		WsHub hub = hub(path);
		for (int i = 0; i < 250; i++) {
			hub.broadcast("m" + i);
		}
		assertThat(client.awaitTexts(250)).endsWith("m249");
		List<WsHistoryEntry> entries = hub.history().entries();
		assertThat(hub.history().isEnabled()).isTrue();
		assertThat(entries).hasSize(200);
		assertThat(entries.get(0).payload().asText()).isEqualTo("m50");
		assertThat(entries.get(199).payload().asText()).isEqualTo("m249");
		assertThat(entries.get(199).id()).isEqualTo(hub.history().lastId()).isEqualTo(entries.get(0).id() + 199);
		assertThat(hub.history().retainedBytes()).as("the heap of each message, its frame and its entry")
			.isGreaterThan(2 * entries.stream().mapToLong((entry) -> entry.payload().size()).sum());
		long lastId = hub.history().lastId();
		assertThat(hub.broadcast("targeted", (WsSession session) -> true)).isOne();
		assertThat(client.awaitText()).isEqualTo("targeted");
		assertThat(hub.history().lastId()).as("a targeted send is not kept").isEqualTo(lastId);
	}

	@Test
	void aJoinerGetsTheHistoryBeforeLiveMessages() {
		String path = "/history/join";
		WsTestConnection sender = connect(path);
		sender.sendText("one").sendText("two");
		assertThat(sender.awaitTexts(2)).containsExactly("one", "two");
		WsTestConnection joiner = connect(path);
		assertThat(joiner.awaitTexts(2)).containsExactly("one", "two");
		sender.sendText("three");
		assertThat(joiner.awaitText()).isEqualTo("three");
		assertThat(sender.awaitText()).isEqualTo("three");
	}

	@Test
	void endpointsWithoutHistoryReplayNothing() {
		WsTestConnection sender = connect("/rooms/plain");
		sender.sendText("one");
		assertThat(sender.awaitText()).isEqualTo("one");
		WsTestConnection joiner = connect("/rooms/plain");
		joiner.expectNoMessage(Duration.ofMillis(300));
		assertThat(hub("/rooms/plain").history().isEnabled()).isFalse();
		assertThat(hub("/rooms/plain").history().entries()).isEmpty();
	}

	// Resume

	@Test
	void broadcastsCarryIncreasingIds() {
		WsTestConnection client = connect("/resume/ids");
		client.sendText("a").sendText("b");
		long first = idOf(client.awaitText(), "a");
		long second = idOf(client.awaitText(), "b");
		assertThat(second).isEqualTo(first + 1);
		assertThat(hub("/resume/ids").history().entries()).extracting((entry) -> entry.payload().asText())
			.containsExactly("a", "b");
	}

	@Test
	void binaryBroadcastsCarryTheirIdInEightBytes() {
		WsTestConnection client = connect("/resume/binary");
		WsHub hub = hub("/resume/binary");
		hub.broadcast(new byte[] { 1, 2, 3 });
		ByteBuffer frame = ByteBuffer.wrap(client.awaitBinary());
		assertThat(frame.getLong()).isEqualTo(hub.history().lastId());
		byte[] rest = new byte[frame.remaining()];
		frame.get(rest);
		assertThat(rest).containsExactly(1, 2, 3);
	}

	@Test
	void aClientThatReconnectsWithTheLastIdGetsExactlyWhatItMissed() {
		String path = "/resume/reconnect";
		WsTestConnection leaver = connect(path);
		WsTestConnection stayer = connect(path);
		stayer.sendText("1").sendText("2");
		idOf(leaver.awaitText(), "1");
		long lastSeen = idOf(leaver.awaitText(), "2");
		leaver.close();
		stayer.sendText("3").sendText("4");
		stayer.awaitTexts(4);
		WsTestConnection back = connect(path + "?lastEventId=" + lastSeen);
		assertThat(idOf(back.awaitText(), "3")).isEqualTo(lastSeen + 1);
		assertThat(idOf(back.awaitText(), "4")).isEqualTo(lastSeen + 2);
		stayer.sendText("5");
		assertThat(idOf(back.awaitText(), "5")).isEqualTo(lastSeen + 3);
	}

	@Test
	void theLastIdMayComeInTheLastEventIdHeader() {
		String path = "/resume/header";
		WsTestConnection client = connect(path);
		client.sendText("1").sendText("2");
		long firstId = idOf(client.awaitText(), "1");
		idOf(client.awaitText(), "2");
		WsTestConnection back = connect(path, Map.of("Last-Event-ID", Long.toString(firstId)));
		assertThat(idOf(back.awaitText(), "2")).isEqualTo(firstId + 1);
		back.expectNoMessage(Duration.ofMillis(200));
	}

	@Test
	void aClientUpToDateGetsNothingAgainEvenAfterTheHubEmptied() {
		String path = "/resume/emptied";
		WsTestConnection client = connect(path);
		client.sendText("1");
		long lastSeen = idOf(client.awaitText(), "1");
		client.close();
		await("hub removed").atMost(WAIT).until(() -> this.hubs.find(path).isEmpty());
		WsTestConnection back = connect(path + "?lastEventId=" + lastSeen);
		assertThat(back.poll(Duration.ofMillis(300))).as("nothing missed, no gap").isNull();
		back.sendText("2");
		assertThat(idOf(back.awaitText(), "2")).isEqualTo(lastSeen + 1);
	}

	@Test
	void aGapTooOldToFillIsSignalledBeforeTheKeptMessages() {
		String path = "/resume/gap";
		WsTestConnection client = connect(path);
		WsHub hub = hub(path);
		for (int i = 0; i < 15; i++) {
			hub.broadcast("m" + i);
		}
		long firstId = idOf(client.awaitText(), "m0");
		client.awaitTexts(14);
		WsTestConnection back = connect(path + "?lastEventId=" + firstId);
		assertThat(back.awaitText()).isEqualTo("gap:" + (firstId + 5));
		List<String> kept = back.awaitTexts(10);
		assertThat(kept.get(0)).isEqualTo((firstId + 5) + ":m5");
		assertThat(kept.get(9)).isEqualTo((firstId + 14) + ":m14");
	}

	@Test
	void anIdThatIsNotOursIsAnsweredWithAGap() {
		String path = "/resume/garbage";
		WsTestConnection client = connect(path);
		client.sendText("1");
		long id = idOf(client.awaitText(), "1");
		WsTestConnection future = connect(path + "?lastEventId=" + (id + 1000));
		assertThat(future.awaitText()).isEqualTo("gap:" + id);
		assertThat(future.awaitText()).isEqualTo(id + ":1");
		WsTestConnection garbage = connect(path + "?lastEventId=yesterday");
		assertThat(garbage.awaitText()).isEqualTo("gap:" + id);
	}

	private static long idOf(String frame, String expectedPayload) {
		int colon = frame.indexOf(':');
		assertThat(colon).as("an id before the payload in '%s'", frame).isPositive();
		assertThat(frame.substring(colon + 1)).isEqualTo(expectedPayload);
		return Long.parseLong(frame.substring(0, colon));
	}

	// Presence

	@Test
	void presenceListsOneMemberPerKeyWithItsMetadataAndPushesDiffs() {
		String path = "/presence/room";
		WsTestConnection alice = connect(path + "?user=alice");
		assertThat(presence(alice.awaitText())).containsEntry("presence", "state");
		WsTestConnection bob = connect(path + "?user=bob");
		Map<String, Object> state = presence(bob.awaitText());
		assertThat(state).containsEntry("presence", "state");
		assertThat(state.get("members").toString()).contains("key=alice", "name=ALICE");
		Map<String, Object> diff = presence(alice.awaitText());
		assertThat(diff).containsEntry("presence", "diff").containsEntry("leaves", List.of());
		assertThat(diff.get("joins").toString()).contains("key=bob", "name=BOB");
		WsTestConnection aliceAgain = connect(path + "?user=alice");
		presence(aliceAgain.awaitText());
		assertThat(hub(path).presence().members()).extracting(WsPresenceMember::key, WsPresenceMember::sessions)
			.containsExactly(tuple("alice", 2), tuple("bob", 1));
		assertThat(alice.poll(DIFF_WAIT)).as("no diff for a second session of a key").isNull();
		alice.close();
		assertThat(aliceAgain.poll(DIFF_WAIT)).as("alice is still here").isNull();
		aliceAgain.close();
		String leave = awaitPresence(bob, "leaves");
		assertThat(presence(leave).get("leaves").toString()).contains("key=alice");
		assertThat(hub(path).presence().contains("alice")).isFalse();
		assertThat(hub(path).presence().size()).isOne();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.presenceEvents.events).containsSubsequence("join alice " + path,
					"join bob " + path, "leave alice " + path));
		assertThat(this.presenceEvents.events).containsOnlyOnce("join alice " + path);
	}

	@Test
	void anonymousSessionsSeeNoPresenceUnlessTheEndpointAllows() {
		String path = "/private/room";
		WsTestConnection carol = connect(path, Map.of(HistoryEndpoints.USER_HEADER, "carol"));
		assertThat(presence(carol.awaitText())).containsEntry("presence", "state");
		WsTestConnection anonymous = connect(path);
		await().atMost(WAIT).until(() -> hub(path).presence().size() == 2);
		assertThat(anonymous.poll(DIFF_WAIT)).as("not carol's name").isNull();
		assertThat(awaitPresence(carol, "joins")).as("carol sees the anonymous session's key").contains("\"key\"");
	}

	/**
	 * Return the next presence frame of a client whose members changed, skipping those
	 * that only repeat what it knows.
	 */
	private static String awaitPresence(WsTestConnection client, String change) {
		while (true) {
			String frame = client.awaitText();
			if (!((List<?>) presence(frame).getOrDefault(change, List.of())).isEmpty()) {
				return frame;
			}
		}
	}

	@Test
	void presenceKeysFallBackToThePrincipal() {
		String path = "/presence/principal";
		WsTestConnection carol = connect(path, Map.of(HistoryEndpoints.USER_HEADER, "carol"));
		presence(carol.awaitText());
		assertThat(hub(path).presence().contains("carol")).isTrue();
	}

	@Test
	void presenceIsOffUnlessEnabled() {
		connect("/rooms/no-presence");
		WsHub hub = hub("/rooms/no-presence");
		assertThatIllegalStateException().isThrownBy(hub::presence)
			.withMessageContaining("multi-ws.endpoints.rooms.presence.enabled=true");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> presence(String frame) {
		return json.readValue(frame, Map.class);
	}

	// Targeted sends

	@Test
	void aFilteredBroadcastReachesOnlyTheSessionsItAccepts() {
		String path = "/rooms/filtered";
		WsTestConnection alice = connect(path, Map.of(HistoryEndpoints.USER_HEADER, "alice"));
		WsTestConnection bob = connect(path, Map.of(HistoryEndpoints.USER_HEADER, "bob"));
		WsHub hub = hub(path);
		await().atMost(WAIT).until(() -> hub.size() == 2);
		int sent = hub.broadcast("for alice", (WsSession session) -> session.principal() != null
				&& session.principal().getName().equals("alice"));
		assertThat(sent).isOne();
		assertThat(alice.awaitText()).isEqualTo("for alice");
		bob.expectNoMessage(Duration.ofMillis(300));
	}

	@Test
	void sendToUserReachesEverySessionOfThatUserInEveryHub() {
		Map<String, String> asAlice = Map.of(HistoryEndpoints.USER_HEADER, "alice");
		List<WsTestConnection> alice = List.of(connect("/rooms/a", asAlice), connect("/rooms/b", asAlice),
				connect("/echo/1", asAlice));
		WsTestConnection bob = connect("/rooms/a", Map.of(HistoryEndpoints.USER_HEADER, "bob"));
		await().atMost(WAIT).until(() -> this.hubs.sessionCount("/rooms/a") == 2 && this.hubs.count() == 3);
		assertThat(this.hubs.sendToUser("alice", "psst")).isEqualTo(3);
		for (WsTestConnection session : alice) {
			assertThat(session.awaitText()).isEqualTo("psst");
		}
		bob.expectNoMessage(Duration.ofMillis(300));
		alice.forEach(WsTestConnection::close);
		await().atMost(WAIT).until(() -> this.hubs.sessionCount("/rooms/a") == 1);
		await().atMost(WAIT).until(() -> this.hubs.sendToUser("alice", "gone") == 0);
		assertThat(this.hubs.sendToUser("nobody", "x")).isZero();
	}

}
