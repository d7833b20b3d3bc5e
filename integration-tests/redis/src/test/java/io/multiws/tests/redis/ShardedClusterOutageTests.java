package io.multiws.tests.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topology changes of a real Redis Cluster of three masters under two instances in
 * sharded mode: a master killed and started again, and a slot moved to another master.
 * What is lost meanwhile is counted and said, nothing waits on the missing master, and
 * the relay subscribes again and shares the history again once the cluster serves the
 * slots.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class ShardedClusterOutageTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-sharded-outage:";

	private static final String[] FEATURES = { "multi-ws.endpoints.chat.history.size=20",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=10m",
			"management.endpoints.web.exposure.include=health",
			"management.endpoint.health.show-details=always" };

	private static final JsonMapper JSON = new JsonMapper();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aMasterKilledAndStartedAgainLosesWhatWasSentMeanwhileOnlyAndTheRelayRecovers(CapturedOutput output) {
		RedisClusterServer redis = track(RedisClusterServer.start(3));
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, FEATURES));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, FEATURES));
		int victim = redis.ports().get(0);
		String room = roomOn(redis, a, "/rooms/doomed-", victim, true);
		String other = roomOn(redis, a, "/rooms/spared-", victim, false);
		String chat = roomOn(redis, a, "/chat/doomed-", victim, true);
		WsTestConnection roomOnA = a.connect(room);
		WsTestConnection roomOnB = b.connect(room);
		WsTestConnection otherOnB = b.connect(other);
		a.connect(other);
		WsTestConnection chatOnA = a.connect(chat);
		WsTestConnection chatOnB = b.connect(chat);
		awaitRelaying(a, b, 3);
		a.hubs().broadcast(room, "before");
		assertThat(roomOnB.awaitText()).isEqualTo("before");
		assertThat(roomOnA.awaitText()).isEqualTo("before");
		a.hubs().broadcast(chat, "numbered");
		long lastId = idOf(chatOnB.awaitText(), "numbered");
		chatOnA.awaitText();

		Instant killed = Instant.now();
		redis.kill(victim);
		await("instance a notices the missing master").atMost(WAIT).until(() -> status(a).equals("DOWN"));
		int survivor = redis.ports().get(1);
		await("the other masters take the cluster as down, as without a replica").atMost(WAIT)
			.until(() -> String.valueOf(redis.command(survivor, "CLUSTER", "INFO")).contains("cluster_state:fail"));
		JsonNode down = health(a);
		assertThat(Instant.parse(down.get("details").get("unavailableSince").asString()))
			.isAfterOrEqualTo(killed.minusSeconds(1));
		assertThat(down.get("details").get("historyShared").asBoolean()).isFalse();
		long lostBefore = a.relay().status().lostMessages();
		long started = System.nanoTime();
		a.postText(room.substring("/rooms/".length()), "during");
		a.hubs().broadcast(chat, "during");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("broadcasts wait on no master")
			.isLessThan(Duration.ofSeconds(2));
		assertThat(roomOnA.awaitText()).as("this instance's own session still gets it").isEqualTo("during");
		assertThat(chatOnA.awaitText()).as("numbered here, past a jump")
			.isEqualTo((lastId + 1 + 1_000_000_000L) + ":during");
		assertThat(a.relay().status().lostMessages()).as("counted as lost").isGreaterThan(lostBefore);
		assertThat(a.relay().status().historyLocalReason()).isEqualTo("Redis cannot be reached");

		redis.restart(victim);
		await("both instances share the history again and every channel is subscribed again").atMost(WAIT)
			.until(() -> status(a).equals("UP") && status(b).equals("UP")
					&& a.relay().status().pendingSubscriptions() == 0
					&& b.relay().status().pendingSubscriptions() == 0);
		await("a broadcast on the restarted master reaches b again").atMost(WAIT).until(() -> {
			a.hubs().broadcast(room, "after");
			Object message = roomOnB.poll(Duration.ofMillis(500));
			return "after".equals(message);
		});
		a.hubs().broadcast(other, "after");
		assertThat(otherOnB.awaitText()).as("and on the other masters").isEqualTo("after");
		assertThat(output.getOut()).as("what the relay said")
			.contains("Redis cannot be reached")
			.contains("broadcasts to other instances were lost meanwhile");
	}

	@Test
	void aMasterRestartedBeforeTheRelayNoticesIsSubscribedAgainSlotBySlot() {
		// Heartbeats 10 s apart: the relay never takes Redis as down, so only the
		// lost node connection tells it that the master's subscriptions are gone
		String[] slowHeartbeats = { "multi-ws.cluster.heartbeat-interval=10s", "multi-ws.cluster.instance-expiry=30s" };
		RedisClusterServer redis = track(RedisClusterServer.start(3));
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, slowHeartbeats));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, slowHeartbeats));
		int victim = redis.ports().get(0);
		String first = roomOn(redis, a, "/rooms/quick-", victim, true);
		String second = secondRoomOn(redis, a, "/rooms/quick-", victim, first);
		a.connect(first);
		a.connect(second);
		WsTestConnection firstOnB = b.connect(first);
		WsTestConnection secondOnB = b.connect(second);
		await("both instances subscribed to both rooms").atMost(WAIT)
			.until(() -> a.relay().status().redisAvailable() && b.relay().status().redisAvailable()
					&& b.relay().status().subscribedHubs() == 2 && b.relay().status().pendingSubscriptions() == 0);
		a.hubs().broadcast(first, "before");
		assertThat(firstOnB.awaitText()).isEqualTo("before");

		redis.kill(victim);
		redis.restart(victim);
		await("b subscribed again to the rooms of the restarted master").atMost(WAIT).until(() -> {
			a.hubs().broadcast(first, "after");
			a.hubs().broadcast(second, "after");
			Object one = firstOnB.poll(Duration.ofMillis(300));
			Object two = secondOnB.poll(Duration.ofMillis(300));
			return "after".equals(one) && "after".equals(two);
		});
		assertThat(b.relay().status().pendingSubscriptions()).isZero();
	}

	@Test
	void aSlotMovedToAnotherMasterIsSubscribedAgainThere() {
		RedisClusterServer redis = track(RedisClusterServer.start(3));
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, FEATURES));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, FEATURES));
		int from = redis.ports().get(0);
		int to = redis.ports().get(1);
		String room = roomOn(redis, a, "/rooms/moving-", from, true);
		String channel = a.relay().getHubChannel(room);
		a.connect(room);
		WsTestConnection onB = b.connect(room);
		awaitRelaying(a, b, 1);
		a.hubs().broadcast(room, "before");
		assertThat(onB.awaitText()).isEqualTo("before");

		redis.moveSlot(RedisClusterServer.slotOf(channel), to);
		await("both instances subscribed on the master that took the slot").atMost(WAIT)
			.until(() -> redis.command(to, "PUBSUB", "SHARDNUMSUB", channel),
					(reply) -> ((List<?>) reply).get(1).equals(2L));
		assertThat(redis.shardChannels(from, channel)).as("none left where it was").isEmpty();
		await("a broadcast reaches b through the new master").atMost(WAIT).until(() -> {
			a.hubs().broadcast(room, "after");
			Object message = onB.poll(Duration.ofMillis(500));
			return "after".equals(message);
		});
		assertThat(a.relay().status().pendingSubscriptions()).isZero();
	}

	/**
	 * Return a path whose hub channel is, or is not, on a master.
	 */
	private static String roomOn(RedisClusterServer redis, ClusterInstance instance, String prefix, int port,
			boolean on) {
		for (int i = 0;; i++) {
			String path = prefix + i;
			if ((redis.ownerOf(instance.relay().getHubChannel(path)) == port) == on) {
				return path;
			}
		}
	}

	/**
	 * Return another path whose hub channel is on a master, in another slot than a first
	 * one: a node's channels in two slots, which Redis refuses to subscribe to in one
	 * command.
	 */
	private static String secondRoomOn(RedisClusterServer redis, ClusterInstance instance, String prefix, int port,
			String first) {
		int firstSlot = RedisClusterServer.slotOf(instance.relay().getHubChannel(first));
		for (int i = 0;; i++) {
			String path = prefix + "second-" + i;
			String channel = instance.relay().getHubChannel(path);
			if (redis.ownerOf(channel) == port && RedisClusterServer.slotOf(channel) != firstSlot) {
				return path;
			}
		}
	}

	private static void awaitRelaying(ClusterInstance a, ClusterInstance b, int hubs) {
		await("both instances subscribed to every hub").atMost(WAIT)
			.until(() -> a.relay().status().redisAvailable() && b.relay().status().redisAvailable()
					&& a.relay().status().subscribedHubs() == hubs && b.relay().status().subscribedHubs() == hubs
					&& a.relay().status().pendingSubscriptions() == 0 && b.relay().status().pendingSubscriptions() == 0
					&& a.relay().status().historyShared() && b.relay().status().historyShared());
	}

	private static String status(ClusterInstance instance) {
		return health(instance).get("status").asString();
	}

	private static JsonNode health(ClusterInstance instance) {
		return JSON.readTree(instance.get("/actuator/health/multiWsRelay"));
	}

	private static long idOf(String frame, String payload) {
		assertThat(frame).endsWith(":" + payload);
		return Long.parseLong(frame.substring(0, frame.indexOf(':')));
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
