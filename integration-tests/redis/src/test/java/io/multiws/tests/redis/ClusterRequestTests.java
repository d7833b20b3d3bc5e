package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multiws.hub.WsReplyException;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Requests to a user across instances and a real redis-server: a request made on one
 * instance reaches the user's session on another, and its reply (or error reply) comes
 * back to the instance that asked.
 *
 * @author multi-ws team
 */
class ClusterRequestTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-requests:";

	private static final String REPLIES = "multi-ws.endpoints.chat.replies.enabled=true";

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aRequestToAUserOnAnotherInstanceIsAnsweredBackToTheInstanceThatAsked() throws Exception {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, REPLIES));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, REPLIES));
		await("both instances hear each other").atMost(WAIT)
			.until(() -> a.relay().status().otherInstances() == 1 && b.relay().status().otherInstances() == 1);
		WsTestConnection erin = track(connect(b, "/chat/desk", "erin"));
		await("erin's session on b").atMost(WAIT).until(() -> b.hubs().find("/chat/desk").isPresent());
		assertThat(a.hubs().find("/chat/desk")).as("no session of erin on a").isEmpty();

		CompletableFuture<String> ready = a.hubs().requestUser("erin", "ready?", WAIT).toCompletableFuture();
		assertThat(erin.awaitText()).isEqualTo("?1:ready?");
		erin.sendText("=1:ready");
		assertThat(ready.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ready");

		CompletableFuture<String> sure = a.hubs().requestUser("erin", "sure?", WAIT).toCompletableFuture();
		assertThat(erin.awaitText()).isEqualTo("?2:sure?");
		erin.sendText("!2:not sure");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> sure.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(WsReplyException.class)
			.withMessage("not sure");
		assertThat(b.hubs().requestUser("erin", "and on b?", WAIT).toCompletableFuture()).isNotDone();
		assertThat(erin.awaitText()).as("a local request, on b").isEqualTo("?3:and on b?");
	}

	@Test
	void aRequestToAUserThatNoInstanceHasTimesOut() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, REPLIES));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, REPLIES));
		await("both instances hear each other").atMost(WAIT)
			.until(() -> a.relay().status().otherInstances() == 1 && b.relay().status().otherInstances() == 1);
		CompletableFuture<String> reply = a.hubs().requestUser("nobody", "hello?", Duration.ofMillis(500))
			.toCompletableFuture();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> reply.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(TimeoutException.class);
	}

	private static WsTestConnection connect(ClusterInstance instance, String path, String user) {
		return WsTestClient.forPort(instance.port()).path(path).header("X-Test-User", user).connect();
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
