package io.multiws.tests.redis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.javaclient.WsClient;
import io.multiws.javaclient.WsClientListener;
import io.multiws.test.WsTestConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java client across two instances and a real redis-server: when its instance goes
 * away, it reconnects to the other and resumes there, with each message it missed once.
 *
 * @author multi-ws team
 */
class ClusterJavaClientTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-java-client:";

	private static final String[] CHAT = { "multi-ws.endpoints.chat.history.size=50",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=1h" };

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void theClientResumesOnTheOtherInstanceWithoutLoss() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, CHAT));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, CHAT));
		await("both instances hear each other").atMost(WAIT)
			.until(() -> a.relay().status().otherInstances() == 1 && b.relay().status().otherInstances() == 1);
		List<String> received = new CopyOnWriteArrayList<>();
		AtomicInteger opens = new AtomicInteger();
		AtomicInteger reconnects = new AtomicInteger();
		WsClient client = track(WsClient.builder(uri(a))
			.failover(uri(b))
			.messageIds(true)
			.backOff(Duration.ofSeconds(1), Duration.ofSeconds(1))
			.listener(new WsClientListener() {

				@Override
				public void onOpen() {
					opens.incrementAndGet();
				}

				@Override
				public void onMessage(String text, @Nullable String id) {
					received.add(text);
				}

				@Override
				public void onClose(int code, String reason, boolean reconnect) {
					if (reconnect) {
						reconnects.incrementAndGet();
					}
				}

			})
			.connect());
		await("the client on a").atMost(WAIT).until(() -> opens.get() == 1);
		await("the client's hub on a").atMost(WAIT).until(() -> a.hubs().find("/chat/failover").isPresent());
		WsTestConnection sender = b.connect("/chat/failover");
		for (int i = 1; i <= 3; i++) {
			sender.sendText("before " + i);
		}
		await("the first three, through Redis").atMost(WAIT).until(() -> received.size() == 3);
		// a shuts down while b takes broadcasts, which the client misses for at least half a second
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(a::close);
		await("the client lost a").atMost(WAIT).until(() -> reconnects.get() >= 1);
		for (int i = 1; i <= 3; i++) {
			sender.sendText("missed " + i);
		}
		shutdown.join();
		await("the client on b").atMost(WAIT).until(() -> opens.get() == 2 && client.isConnected());
		sender.sendText("after");
		await("the last message").atMost(WAIT).until(() -> received.contains("after"));
		assertThat(received).containsExactly("before 1", "before 2", "before 3", "missed 1", "missed 2", "missed 3",
				"after");
	}

	private static URI uri(ClusterInstance instance) {
		return URI.create("ws://127.0.0.1:" + instance.port() + "/chat/failover");
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
