package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hub history across two instances and a real redis-server: one id sequence and one
 * history per hub for the cluster, so that a client resumes on any instance, and a local
 * history while Redis is away.
 *
 * @author multi-ws team
 */
class ClusterHistoryTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-history:";

	private static final String[] HISTORY = { "multi-ws.endpoints.chat.history.size=20",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=1m" };

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aClientResumesOnAnotherInstanceWithoutAGap() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, HISTORY));
		WsTestConnection onA = a.connect("/chat/resume");
		WsTestConnection onB = b.connect("/chat/resume");
		joined("/chat/resume", a, b);
		broadcast(a.hubs(), "/chat/resume", "1", "2", "3");
		List<String> seenOnA = onA.awaitTexts(3);
		assertThat(onB.awaitTexts(3)).as("one id sequence for the cluster").isEqualTo(seenOnA);
		long lastSeen = idOf(seenOnA.get(2), "3");
		assertThat(idOf(seenOnA.get(0), "1")).isEqualTo(lastSeen - 2);
		onA.close();
		broadcast(b.hubs(), "/chat/resume", "4", "5");
		onB.awaitTexts(2);
		WsTestConnection back = b.connect("/chat/resume?lastEventId=" + lastSeen);
		assertThat(back.awaitTexts(2)).containsExactly((lastSeen + 1) + ":4", (lastSeen + 2) + ":5");
		broadcast(a.hubs(), "/chat/resume", "6");
		assertThat(back.awaitText()).isEqualTo((lastSeen + 3) + ":6");
		back.expectNoMessage(Duration.ofMillis(300));
	}

	@Test
	void aJoinerOnAnotherInstanceGetsWhatWasBroadcastBeforeItsHubExisted() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, HISTORY));
		WsTestConnection onA = a.connect("/chat/late");
		joined("/chat/late", a);
		for (int i = 0; i < 25; i++) {
			broadcast(a.hubs(), "/chat/late", "m" + i);
		}
		List<String> seen = onA.awaitTexts(25);
		assertThat(b.hubs().find("/chat/late")).isEmpty();
		WsTestConnection joiner = b.connect("/chat/late");
		assertThat(joiner.awaitTexts(20)).as("the last 20, with the cluster's ids").isEqualTo(seen.subList(5, 25));
		assertThat(redis.command("XLEN", a.relay().getHistoryStream("/chat/late"))).as("in the stream")
			.isEqualTo(25L);
	}

	@Test
	void theStreamIsBoundedAndExpires() {
		RedisServer redis = track(RedisServer.start());
		// A margin large enough for 10 000 small broadcasts: the count bound applies first
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY[0], HISTORY[1], HISTORY[2],
				"multi-ws.cluster.history-delivery-margin=4MB"));
		await("shared").atMost(WAIT).until(() -> a.relay().status().historyShared());
		String stream = a.relay().getHistoryStream("/chat/bounded");
		int total = 10_100;
		for (int sent = 0; sent < total;) {
			int batch = Math.min(500, total - sent);
			for (int i = 0; i < batch; i++) {
				a.hubs().broadcast("/chat/bounded", "m" + (sent + i));
			}
			sent += batch;
			long expected = Math.min(sent, 20 + 10_000);
			await("batch in the stream").atMost(WAIT).until(() -> redis.command("XLEN", stream).equals(expected));
		}
		assertThat(redis.command("XLEN", stream)).as("history size + delivery margin").isEqualTo(10_020L);
		assertThat((Long) redis.command("PTTL", stream)).as("expires with the ttl").isBetween(1L, 60_000L);
		assertThat(a.relay().status().localHistoryBroadcasts()).isZero();
	}

	@Test
	void broadcastsFromBothInstancesReachEverySessionOnceInOneOrder() throws Exception {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, HISTORY));
		WsTestConnection onA = a.connect("/chat/busy");
		WsTestConnection onB = b.connect("/chat/busy");
		joined("/chat/busy", a, b);
		int each = 300;
		CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> numbered(a.hubs(), "a", each));
		CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> numbered(b.hubs(), "b", each));
		fromA.get();
		fromB.get();
		List<String> seenOnA = drain(onA, 2 * each);
		List<String> seenOnB = drain(onB, 2 * each);
		assertThat(seenOnB).as("same messages, same ids, same order on both instances").isEqualTo(seenOnA);
		long first = Long.parseLong(seenOnA.get(0).substring(0, seenOnA.get(0).indexOf(':')));
		for (int i = 0; i < seenOnA.size(); i++) {
			String frame = seenOnA.get(i);
			assertThat(frame).as("contiguous ids").startsWith((first + i) + ":");
		}
		assertThat(seenOnA.stream().map((frame) -> frame.substring(frame.indexOf(':') + 1)).distinct().count())
			.as("each once")
			.isEqualTo(2 * each);
		onA.expectNoMessage(Duration.ofMillis(300));
	}

	@Test
	void aBroadcastExceptSkipsTheSenderOnly() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, HISTORY));
		WsTestConnection sender = a.connect("/chat/except");
		WsTestConnection neighbour = a.connect("/chat/except");
		WsTestConnection remote = b.connect("/chat/except");
		joined("/chat/except", a, b);
		sender.sendText("except:hello");
		assertThat(neighbour.awaitText()).endsWith(":except:hello");
		assertThat(remote.awaitText()).endsWith(":except:hello");
		sender.expectNoMessage(Duration.ofMillis(500));
	}

	@Test
	void anOutageFallsBackToALocalHistoryAndSaysSo() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, HISTORY));
		WsTestConnection onA = a.connect("/chat/outage");
		WsTestConnection onB = b.connect("/chat/outage");
		joined("/chat/outage", a, b);
		assertThat(a.hubs().broadcast("/chat/outage", "before")).as("the local sessions it will reach").isOne();
		long before = idOf(onA.awaitText(), "before");
		onB.awaitText();
		assertThat(a.relay().status().historyShared()).isTrue();

		redis.kill();
		await("instance a notices the outage").atMost(WAIT).until(() -> !a.relay().status().historyShared());
		broadcast(a.hubs(), "/chat/outage", "during");
		assertThat(onA.awaitText()).as("ids numbered here, past a jump")
			.isEqualTo((before + 1 + 1_000_000_000L) + ":during");
		assertThat(a.relay().status().localHistoryBroadcasts()).isPositive();
		assertThat(a.hubs().find("/chat/outage").orElseThrow().history().entries())
			.extracting((entry) -> entry.payload().asText())
			.endsWith("during");

		redis.startProcess();
		await("both instances share the history again").atMost(WAIT)
			.until(() -> a.relay().status().historyShared() && b.relay().status().historyShared());
		await("a broadcast from b reaches a again").atMost(WAIT).until(() -> {
			broadcast(b.hubs(), "/chat/outage", "after");
			Object message = onA.poll(Duration.ofMillis(500));
			return message != null && message.toString().endsWith(":after");
		});
	}

	/**
	 * Wait until the hub of a path is live on every instance and its history is shared:
	 * the guarantees start from a session's join.
	 */
	private static void joined(String path, ClusterInstance... instances) {
		for (ClusterInstance instance : instances) {
			await(path + " live and shared on " + instance).atMost(WAIT)
				.until(() -> instance.hubs().find(path).isPresent() && instance.relay().status().historyShared());
		}
	}

	private static List<String> drain(WsTestConnection client, int count) {
		List<String> texts = new ArrayList<>();
		Object message;
		while (texts.size() < count && (message = client.poll(Duration.ofSeconds(5))) != null) {
			texts.add((String) message);
		}
		assertThat(texts).as("all %d messages", count).hasSize(count);
		return texts;
	}

	private static void numbered(WsHubs hubs, String from, int count) {
		for (int i = 0; i < count; i++) {
			hubs.broadcast("/chat/busy", from + i);
		}
	}

	private static void broadcast(WsHubs hubs, String path, String... texts) {
		for (String text : texts) {
			hubs.broadcast(path, text);
		}
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
