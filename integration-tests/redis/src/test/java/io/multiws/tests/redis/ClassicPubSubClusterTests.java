package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.cluster.RelayMode;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on a real Redis Cluster of three masters with sharded pub/sub switched
 * off ({@code multi-ws.cluster.sharded-pub-sub=false}), as on a cluster older than Redis
 * 7: classic pub/sub, which every node forwards to every other, and the same hash-tagged
 * history, so that broadcasts reach every session once and a client resumes on the other
 * instance without a gap.
 *
 * @author multi-ws team
 */
class ClassicPubSubClusterTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-classic:";

	private static final String[] FEATURES = { "multi-ws.cluster.sharded-pub-sub=false",
			"multi-ws.endpoints.chat.history.size=20", "multi-ws.endpoints.chat.history.message-ids=true",
			"multi-ws.endpoints.chat.history.ttl=10m" };

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void broadcastsReachEverySessionOnceAndAClientResumesOnTheOtherInstance() {
		RedisClusterServer redis = track(RedisClusterServer.start(3));
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, FEATURES));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, FEATURES));
		WsTestConnection roomOnA = a.connect("/rooms/classic");
		WsTestConnection roomOnB = b.connect("/rooms/classic");
		WsTestConnection chatOnA = a.connect("/chat/classic");
		WsTestConnection chatOnB = b.connect("/chat/classic");
		await("both relays subscribed and sharing the history").atMost(WAIT)
			.until(() -> a.relay().status().subscribed() && b.relay().status().subscribed()
					&& a.relay().status().subscribedHubs() == 2 && b.relay().status().subscribedHubs() == 2
					&& a.relay().status().historyShared() && b.relay().status().historyShared());
		assertThat(a.relay().status().mode()).isEqualTo(RelayMode.CLUSTER);
		String channel = a.relay().getHubChannel("/rooms/classic");
		assertThat(redis.ports().stream().mapToLong((port) -> redis.channels(port, channel).size()).sum())
			.as("a classic subscription").isPositive();
		assertThat(redis.ports().stream().mapToLong((port) -> redis.shardChannels(port, "*").size()).sum())
			.as("no sharded one").isZero();

		a.hubs().broadcast("/rooms/classic", "from a");
		b.hubs().broadcast("/rooms/classic", "from b");
		for (WsTestConnection session : List.of(roomOnA, roomOnB)) {
			assertThat(session.awaitTexts(2)).containsExactlyInAnyOrder("from a", "from b");
			session.expectNoMessage(Duration.ofMillis(300));
		}

		a.hubs().broadcast("/chat/classic", "1");
		long first = idOf(chatOnA.awaitText(), "1");
		assertThat(chatOnB.awaitText()).isEqualTo(first + ":1");
		chatOnA.close();
		b.hubs().broadcast("/chat/classic", "2");
		b.hubs().broadcast("/chat/classic", "3");
		chatOnB.awaitTexts(2);
		WsTestConnection back = b.connect("/chat/classic?lastEventId=" + first);
		assertThat(back.awaitTexts(2)).containsExactly((first + 1) + ":2", (first + 2) + ":3");
		a.hubs().broadcast("/chat/classic", "4");
		assertThat(back.awaitText()).isEqualTo((first + 3) + ":4");
		assertThat(a.relay().status().localHistoryBroadcasts() + b.relay().status().localHistoryBroadcasts()).isZero();
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
