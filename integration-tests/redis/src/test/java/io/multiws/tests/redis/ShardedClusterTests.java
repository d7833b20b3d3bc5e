package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.multiws.cluster.RelayMode;
import io.multiws.core.WsEndpointMappings;
import io.multiws.features.HubFeatureSettings;
import io.multiws.hub.WsPresenceMember;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application on a real Redis Cluster of three masters
 * ({@code redis-server} 7, started by the test): the relay runs in sharded mode, each
 * hub's channel subscribed on the shard that owns its slot, and fan-out, history with
 * resume, presence and per-user sends reach every instance as on one server.
 *
 * @author multi-ws team
 */
@TestInstance(Lifecycle.PER_CLASS)
class ShardedClusterTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration QUIET = Duration.ofMillis(500);

	private static final String PREFIX = "it-sharded:";

	private static final String[] FEATURES = { "multi-ws.endpoints.chat.history.size=20",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=10m",
			"multi-ws.endpoints.chat.presence.enabled=true", "multi-ws.endpoints.chat.presence.push-diffs=true",
			"multi-ws.endpoints.chat.presence.anonymous-view=full",
			"management.endpoints.web.exposure.include=health,multiws",
			"management.endpoint.health.show-details=always" };

	private static final String PRESENCE_FRAME = "{\"presence\"";

	private static final JsonMapper JSON = new JsonMapper();

	private RedisClusterServer redis;

	private ClusterInstance a;

	private ClusterInstance b;

	@BeforeAll
	void start() {
		this.redis = RedisClusterServer.start(3);
		this.a = ClusterInstance.start("a", this.redis, PREFIX, FEATURES);
		this.b = ClusterInstance.start("b", this.redis, PREFIX, FEATURES);
		await("both relays reach the cluster and hear each other").atMost(WAIT)
			.until(() -> this.a.relay().status().redisAvailable() && this.b.relay().status().redisAvailable()
					&& this.a.relay().status().subscribed() && this.b.relay().status().subscribed()
					&& this.a.relay().status().otherInstances() == 1 && this.b.relay().status().otherInstances() == 1);
	}

	@AfterAll
	void stop() {
		for (AutoCloseable resource : new AutoCloseable[] { this.a, this.b, this.redis }) {
			try {
				if (resource != null) {
					resource.close();
				}
			}
			catch (Exception ex) {
				// Closing the next one matters more
			}
		}
	}

	@AfterEach
	void closeClients() {
		this.a.closeClients();
		this.b.closeClients();
		await("every hub removed after the test").atMost(WAIT)
			.until(() -> this.a.hubs().count() == 0 && this.b.hubs().count() == 0);
	}

	@Test
	void eachHubChannelIsShardedOnTheMasterThatOwnsItsSlot() {
		assertThat(this.a.relay().status().mode()).isEqualTo(RelayMode.SHARDED);
		Set<Integer> shards = new HashSet<>();
		for (int i = 0; shards.size() < 3 && i < 100; i++) {
			String path = "/rooms/owner-" + i;
			this.a.connect(path);
			this.b.connect(path);
			String channel = this.a.relay().getHubChannel(path);
			assertThat(channel).isEqualTo(PREFIX + "hub:{" + path + "}");
			int owner = this.redis.ownerOf(channel);
			shards.add(owner);
			await(channel + " subscribed on its shard by both instances").atMost(WAIT)
				.until(() -> this.redis.command(owner, "PUBSUB", "SHARDNUMSUB", channel),
						(reply) -> ((List<?>) reply).get(1).equals(2L));
			for (int port : this.redis.ports()) {
				assertThat(this.redis.channels(port, PREFIX + "*")).as("no classic subscription on " + port)
					.isEmpty();
				if (port != owner) {
					assertThat(this.redis.shardChannels(port, channel)).as("not on another shard").isEmpty();
				}
			}
		}
		assertThat(shards).as("hubs on every shard").hasSize(3);
	}

	@Test
	void everyBroadcastReachesEverySessionOnceOnRoomsOfEveryShard() {
		int rooms = 12;
		List<WsTestConnection> onA = new ArrayList<>();
		List<WsTestConnection> onB = new ArrayList<>();
		Set<Integer> shards = new HashSet<>();
		for (int i = 0; i < rooms; i++) {
			onA.add(this.a.connect("/rooms/fan-" + i));
			onB.add(this.b.connect("/rooms/fan-" + i));
			shards.add(this.redis.ownerOf(this.a.relay().getHubChannel("/rooms/fan-" + i)));
		}
		assertThat(shards).as("rooms on every shard").hasSize(3);
		awaitSubscribed(rooms);
		for (int i = 0; i < rooms; i++) {
			this.a.hubs().broadcast("/rooms/fan-" + i, "from-a-" + i);
			this.b.postText("fan-" + i, "from-b-" + i);
		}
		for (int i = 0; i < rooms; i++) {
			for (WsTestConnection session : List.of(onA.get(i), onB.get(i))) {
				assertThat(session.awaitTexts(2)).containsExactlyInAnyOrder("from-a-" + i, "from-b-" + i);
			}
		}
		for (WsTestConnection session : onA) {
			session.expectNoMessage(Duration.ofMillis(20));
		}
		onB.get(0).expectNoMessage(QUIET);
	}

	@Test
	void aClientResumesOnAnotherInstanceWithoutAGap() {
		String path = "/chat/resume";
		WsTestConnection onA = this.a.connect(path);
		WsTestConnection onB = this.b.connect(path);
		joined(path);
		broadcast(this.a, path, "1", "2", "3");
		List<String> seenOnA = broadcasts(onA, 3);
		assertThat(broadcasts(onB, 3)).as("one id sequence for the cluster").isEqualTo(seenOnA);
		long lastSeen = idOf(seenOnA.get(2), "3");
		onA.close();
		broadcast(this.b, path, "4", "5");
		broadcasts(onB, 2);
		WsTestConnection back = this.b.connect(path + "?lastEventId=" + lastSeen);
		assertThat(broadcasts(back, 2)).containsExactly((lastSeen + 1) + ":4", (lastSeen + 2) + ":5");
		broadcast(this.a, path, "6");
		assertThat(broadcasts(back, 1)).containsExactly((lastSeen + 3) + ":6");
		expectNoBroadcast(back, QUIET);
		assertThat(this.a.relay().status().localHistoryBroadcasts() + this.b.relay().status().localHistoryBroadcasts())
			.as("broadcasts numbered by one instance alone")
			.isZero();
	}

	@Test
	void aJoinerOnAnotherInstanceGetsWhatWasBroadcastBeforeItsHubExisted() {
		String path = "/chat/late";
		WsTestConnection onA = this.a.connect(path);
		joined(path, this.a);
		for (int i = 0; i < 25; i++) {
			this.a.hubs().broadcast(path, "m" + i);
		}
		List<String> seen = broadcasts(onA, 25);
		assertThat(this.b.hubs().find(path)).isEmpty();
		WsTestConnection joiner = this.b.connect(path);
		assertThat(broadcasts(joiner, 20)).as("the last 20, with the cluster's ids").isEqualTo(seen.subList(5, 25));
		String stream = this.a.relay().getHistoryStream(path);
		assertThat(stream).isEqualTo(PREFIX + "history:{" + path + "}");
		assertThat(this.redis.command(this.redis.ownerOf(stream), "XLEN", stream)).as("in the stream")
			.isEqualTo(25L);
	}

	/**
	 * 60 broadcasts of 56 KB (3.4 MB) to one hub: on the shard of its slot, its stream stays
	 * within history.max-bytes (256 KB) and the delivery margin (1 MB) as Redis counts it,
	 * its byte counter lives beside it, and a broadcast too large for the bound is dropped.
	 */
	@Test
	void aStreamStaysWithinItsByteBoundOnTheShardOfItsHub() {
		String path = "/chat/big";
		WsTestConnection onA = this.a.connect(path);
		joined(path, this.a);
		String stream = this.a.relay().getHistoryStream(path);
		int owner = this.redis.ownerOf(stream);
		long bound = this.a.relay().getHistoryStreamBytes(chatSettings(this.a));
		assertThat(bound).isEqualTo((256 + 1024) * 1024L);
		String big = "x".repeat(56 * 1024);
		for (int i = 0; i < 60; i++) {
			this.a.hubs().broadcast(path, i + ":" + big);
			if (i % 10 == 9) {
				assertThat(broadcasts(onA, 10).get(9)).as("broadcast %d", i).contains(":" + i + ":");
				assertThat(memoryUsage(owner, stream)).as("after %d broadcasts", i + 1).isLessThanOrEqualTo(bound);
			}
		}
		assertThat((Long) this.redis.command(owner, "XLEN", stream)).as("what fits, not 60").isBetween(8L, 20L);
		String bytes = PREFIX + "history-bytes:{" + path + "}";
		assertThat(this.redis.ownerOf(bytes)).as("the byte counter on the stream's shard").isEqualTo(owner);
		assertThat(this.redis.command(owner, "EXISTS", bytes)).isEqualTo(1L);
		long oversized = this.a.relay().status().oversizedHistoryBroadcasts();
		assertThat(this.a.hubs().broadcast(path, "x".repeat((int) bound))).isZero();
		assertThat(this.a.relay().status().oversizedHistoryBroadcasts()).isEqualTo(oversized + 1);
		assertThat(this.a.relay().status().localHistoryBroadcasts()).as("broadcasts numbered by a alone").isZero();
	}

	@Test
	void presenceListsTheMembersOfEveryInstance() {
		WsTestConnection alice = this.a.connect("/chat/lobby?user=alice");
		assertThat(alice.awaitText()).startsWith("{\"presence\":\"state\"");
		WsTestConnection bob = this.b.connect("/chat/lobby?user=bob");
		bob.awaitText();
		await("a sees the members of b").atMost(WAIT)
			.untilAsserted(() -> assertThat(this.a.hubs().find("/chat/lobby").orElseThrow().presence().members())
				.extracting(WsPresenceMember::key, WsPresenceMember::sessions)
				.containsExactlyInAnyOrder(tuple("alice", 1), tuple("bob", 1)));
		assertThat(awaitPresence(alice, "joins", "bob")).as("a pushes bob, who is on b").isNotNull();
		bob.close();
		assertThat(awaitPresence(alice, "leaves", "bob")).as("a learns it at the next heartbeat").isNotNull();
	}

	@Test
	void aSendToAUserReachesEachOfItsSessionsOnEveryInstance() {
		Map<String, String> asCarol = Map.of("X-Test-User", "carol");
		List<WsTestConnection> carol = List.of(connect(this.a, "/rooms/one", asCarol),
				connect(this.b, "/rooms/two", asCarol), connect(this.b, "/rooms/three", asCarol));
		WsTestConnection dave = connect(this.b, "/rooms/one", Map.of("X-Test-User", "dave"));
		try {
			await().atMost(WAIT).until(() -> this.b.hubs().count() == 3);
			assertThat(this.a.hubs().sendToUser("carol", "psst")).as("local sessions").isOne();
			for (WsTestConnection session : carol) {
				assertThat(session.awaitText()).isEqualTo("psst");
			}
			dave.expectNoMessage(QUIET);
		}
		finally {
			carol.forEach(WsTestConnection::close);
			dave.close();
		}
	}

	@Test
	void theKeysOfAThousandHubsSpreadOverEveryShardEachHubOnOne() {
		int hubs = 1000;
		for (int i = 0; i < hubs; i++) {
			this.a.hubs().broadcast("/chat/spread-" + i, "hello " + i);
		}
		await("a stream, an id counter and a byte counter for every hub").atMost(WAIT)
			.until(() -> this.redis.keys(PREFIX + "history*spread-*").values().stream().mapToInt(List::size).sum(),
					(count) -> count == 3 * hubs);
		Map<Integer, List<String>> keys = this.redis.keys(PREFIX + "history*spread-*");
		Map<String, Integer> shardOfHub = new HashMap<>();
		keys.forEach((port, names) -> {
			assertThat(names.size()).as("the keys on shard %d, of %d hubs", port, hubs)
				.isGreaterThan(3 * hubs / 5);
			for (String name : names) {
				String hub = name.substring(name.indexOf('{'));
				Integer other = shardOfHub.put(hub, port);
				assertThat(other).as("the keys of %s on one shard", hub).isIn(null, port);
				assertThat(this.redis.ownerOf(name)).as("%s on the shard of its slot", name).isEqualTo(port);
			}
		});
		assertThat(shardOfHub).hasSize(hubs);
		for (int i = 0; i < 50; i++) {
			String path = "/chat/spread-" + i;
			assertThat(this.redis.ownerOf(this.a.relay().getHubChannel(path))).as("the channel of %s", path)
				.isEqualTo(shardOfHub.get("{" + path + "}"));
		}
		assertThat(this.a.relay().status().localHistoryBroadcasts()).isZero();
	}

	@Test
	void healthAndTheActuatorEndpointReportTheShardedMode() {
		JsonNode health = JSON.readTree(this.a.get("/actuator/health/multiWsRelay"));
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("mode").asString()).isEqualTo("sharded");
		assertThat(health.get("details").get("historyShared").asBoolean()).isTrue();
		JsonNode relay = JSON.readTree(this.b.get("/actuator/multiws")).get("relay");
		assertThat(relay.get("mode").asString()).isEqualTo("sharded");
		assertThat(relay.get("instanceId").asString()).isEqualTo("b");
		assertThat(relay.get("otherInstances").asInt()).isOne();
	}

	private void awaitSubscribed(int rooms) {
		await("every room subscribed by both instances").atMost(WAIT)
			.until(() -> this.a.relay().status().subscribedHubs() == rooms
					&& this.b.relay().status().subscribedHubs() == rooms
					&& this.a.relay().status().pendingSubscriptions() == 0
					&& this.b.relay().status().pendingSubscriptions() == 0);
	}

	/**
	 * Wait until the hub of a path is live on the instances and subscribed: the guarantees
	 * start from a session's join.
	 */
	private void joined(String path, ClusterInstance... instances) {
		ClusterInstance[] all = (instances.length > 0) ? instances : new ClusterInstance[] { this.a, this.b };
		for (ClusterInstance instance : all) {
			await(path + " live, subscribed and shared on " + instance).atMost(WAIT)
				.until(() -> instance.hubs().find(path).isPresent() && instance.relay().status().historyShared()
						&& instance.relay().status().pendingSubscriptions() == 0);
		}
	}

	private long memoryUsage(int port, String key) {
		Object usage = this.redis.command(port, "MEMORY", "USAGE", key, "SAMPLES", "0");
		return (usage != null) ? (Long) usage : 0;
	}

	private static HubFeatureSettings chatSettings(ClusterInstance instance) {
		return instance.context()
			.getBean(WsEndpointMappings.class)
			.endpoints()
			.stream()
			.filter((endpoint) -> endpoint.name().equals("chat"))
			.findFirst()
			.orElseThrow()
			.features();
	}

	private static WsTestConnection connect(ClusterInstance instance, String path, Map<String, String> headers) {
		WsTestClient.ConnectionSpec connection = WsTestClient.forPort(instance.port()).path(path);
		headers.forEach(connection::header);
		return connection.connect();
	}

	/**
	 * Return the next broadcasts a client receives, past the presence frames of the chat
	 * endpoint.
	 */
	private static List<String> broadcasts(WsTestConnection client, int count) {
		List<String> texts = new ArrayList<>();
		while (texts.size() < count) {
			Object message = client.poll(Duration.ofSeconds(10));
			assertThat(message).as("broadcast %d of %d on %s, after %s", texts.size() + 1, count, client, texts)
				.isNotNull();
			if (!String.valueOf(message).startsWith(PRESENCE_FRAME)) {
				texts.add(String.valueOf(message));
			}
		}
		return texts;
	}

	/**
	 * Return the next presence diff of a client that names a key among its joins or its
	 * leaves, skipping the others.
	 */
	private static String awaitPresence(WsTestConnection client, String change, String key) {
		while (true) {
			String frame = client.awaitText();
			int start = frame.indexOf("\"" + change + "\":[");
			int named = frame.indexOf("\"key\":\"" + key + "\"", Math.max(start, 0));
			if (start >= 0 && named > start && frame.indexOf("]", start) > named) {
				return frame;
			}
		}
	}

	private static void expectNoBroadcast(WsTestConnection client, Duration window) {
		long deadline = System.nanoTime() + window.toNanos();
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			Object message = client.poll(Duration.ofNanos(remaining));
			if (message != null) {
				assertThat(String.valueOf(message)).as("only presence after the last broadcast").startsWith(
						PRESENCE_FRAME);
			}
		}
	}

	private static void broadcast(ClusterInstance instance, String path, String... texts) {
		for (String text : texts) {
			instance.hubs().broadcast(path, text);
		}
	}

	private static long idOf(String frame, String payload) {
		assertThat(frame).endsWith(":" + payload);
		return Long.parseLong(frame.substring(0, frame.indexOf(':')));
	}

}
