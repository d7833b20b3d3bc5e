package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed (SIGKILL) and started again on the same port while two instances serve one
 * room: local delivery goes on, the outage's broadcasts are counted as lost, and
 * cross-instance delivery resumes without duplicates.
 *
 * @author multi-ws team
 */
class RedisOutageTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration QUIET = Duration.ofMillis(800);

	private static final String PREFIX = "it-outage:";

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void localDeliveryGoesOnDuringAnOutageAndTheClusterHealsAfterIt() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX));
		WsTestConnection onA = a.connect("/rooms/outage");
		WsTestConnection onB = b.connect("/rooms/outage");
		String channel = a.relay().getHubChannel("/rooms/outage");
		await("both instances subscribed").atMost(WAIT).until(() -> redis.numsub(channel) == 2);
		a.postText("outage", "before");
		assertThat(onA.awaitText()).isEqualTo("before");
		assertThat(onB.awaitText()).isEqualTo("before");

		redis.kill();
		await("instance a notices the outage").atMost(WAIT).until(() -> !a.relay().status().redisAvailable());
		long lostBefore = a.relay().status().lostMessages();
		for (int i = 0; i < 10; i++) {
			assertThat(a.postText("outage", "during-" + i)).contains("\"recipients\":1");
		}
		assertThat(onA.awaitTexts(10)).containsExactly("during-0", "during-1", "during-2", "during-3", "during-4",
				"during-5", "during-6", "during-7", "during-8", "during-9");
		assertThat(a.relay().status().lostMessages() - lostBefore).isEqualTo(10);

		redis.startProcess();
		await("both instances reach Redis again and subscribe to the room").atMost(WAIT)
			.until(() -> a.relay().status().redisAvailable() && b.relay().status().redisAvailable()
					&& redis.numsub(channel) == 2);
		a.postText("outage", "after from a");
		b.postText("outage", "after from b");
		assertThat(onA.awaitTexts(2)).containsExactlyInAnyOrder("after from a", "after from b");
		assertThat(onB.awaitTexts(2)).containsExactlyInAnyOrder("after from a", "after from b");
		assertNothingMore(onA);
		assertNothingMore(onB);
	}

	@Test
	void startsWithoutRedisAndJoinsWhenItComes() {
		int port = RedisServer.freePort();
		RedisServer redis = RedisServer.unstarted(port);
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX));
		track(redis);
		WsTestConnection onA = a.connect("/rooms/late");
		a.postText("late", "alone");
		assertThat(onA.awaitText()).isEqualTo("alone");
		assertThat(a.relay().status().redisAvailable()).isFalse();
		assertThat(a.relay().status().lostMessages()).isEqualTo(1);

		redis.startProcess();
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX));
		WsTestConnection onB = b.connect("/rooms/late");
		String channel = a.relay().getHubChannel("/rooms/late");
		await("both instances subscribed").atMost(WAIT).until(() -> redis.numsub(channel) == 2);
		await("instance a publishes again").atMost(WAIT).until(() -> a.relay().status().redisAvailable());
		a.postText("late", "together");
		assertThat(onB.awaitText()).isEqualTo("together");
		assertThat(onA.awaitText()).isEqualTo("together");
		assertNothingMore(onA);
		assertNothingMore(onB);
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private static void assertNothingMore(WsTestConnection client) {
		client.expectNoMessage(QUIET);
	}

}
