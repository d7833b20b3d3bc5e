package io.multiws.tests.redis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsPresence;
import io.multiws.hub.WsPresenceMember;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.redis.app.ClusterTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Presence and per-user sends across instances and a real redis-server: members of every
 * instance listed and pushed, a crashed instance's members gone within the expiry, and a
 * send to a user reaching each of that user's sessions on every instance.
 *
 * @author multi-ws team
 */
class ClusterPresenceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-presence:";

	private static final String[] PRESENCE = { "multi-ws.endpoints.chat.presence.enabled=true",
			"multi-ws.endpoints.chat.presence.push-diffs=true", "multi-ws.endpoints.chat.presence.anonymous-view=full" };

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void presenceListsAndPushesTheMembersOfEveryInstance() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, PRESENCE));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, PRESENCE));
		WsTestConnection alice = connect(a, "/chat/lobby?user=alice", Map.of());
		assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
		WsTestConnection bob = connect(b, "/chat/lobby?user=bob", Map.of());
		assertThat(bob).receivedPresenceState();
		WsTestConnection bobOnA = connect(a, "/chat/lobby?user=bob", Map.of());
		assertThat(bobOnA).receivedPresenceState();
		assertThat(alice).as("bob joins on a").receivedPresenceJoin("bob");
		await("a sees the members of b").atMost(WAIT)
			.untilAsserted(() -> assertThat(presence(a, "/chat/lobby").members())
				.extracting(WsPresenceMember::key, WsPresenceMember::sessions)
				.containsExactlyInAnyOrder(tuple("alice", 1), tuple("bob", 2)));
		assertThat(bob).as("b pushes alice, who is on a").seesPresence().containsOnlyKeys("alice", "bob");
		alice.close();
		assertThat(bobOnA).receivedPresenceLeave("alice");
		assertThat(bob).as("b learns it at the next heartbeat").receivedPresenceLeave("alice");
		await().atMost(WAIT).untilAsserted(() -> assertThat(presence(b, "/chat/lobby").contains("alice")).isFalse());
	}

	@Test
	void aCrashedInstancesMembersLeaveWithinTheExpiry() throws Exception {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, PRESENCE));
		WsTestConnection watcher = connect(a, "/chat/crash?user=watcher", Map.of());
		assertThat(watcher).receivedPresenceState();
		int port = RedisServer.freePort();
		Process child = startChildInstance(redis, port);
		try {
			await("the child instance accepts WebSockets").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptions()
				.until(() -> WsTestClient.forPort(port).connect("/chat/crash?user=doomed"),
						(client) -> true);
			assertThat(watcher).receivedPresenceJoin("doomed");
			child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			assertThat(watcher.awaitText(ClusterInstance.EXPIRY.plus(WAIT))).contains("\"leaves\":[",
					"\"key\":\"doomed\"");
			assertThat(presence(a, "/chat/crash").contains("doomed")).isFalse();
		}
		finally {
			child.destroyForcibly();
		}
	}

	@Test
	void aSendToAUserReachesEachOfItsSessionsOnEveryInstance() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX));
		await("both instances hear each other").atMost(WAIT)
			.until(() -> a.relay().status().otherInstances() == 1 && b.relay().status().otherInstances() == 1);
		Map<String, String> asCarol = Map.of("X-Test-User", "carol");
		List<WsTestConnection> carol = List.of(connect(a, "/rooms/one", asCarol), connect(b, "/rooms/two", asCarol),
				connect(b, "/chat/three", asCarol));
		WsTestConnection dave = connect(b, "/rooms/one", Map.of("X-Test-User", "dave"));
		await().atMost(WAIT).until(() -> b.hubs().count() == 3);
		assertThat(a.hubs().sendToUser("carol", "psst")).as("local sessions").isOne();
		for (WsTestConnection session : carol) {
			assertThat(session.awaitText()).isEqualTo("psst");
		}
		dave.expectNoMessage(Duration.ofMillis(500));
	}

	// Returns once the instance has joined the session to its hub: the sends and presence
	// that follow count it
	private WsTestConnection connect(ClusterInstance instance, String path, Map<String, String> headers) {
		WsTestClient.ConnectionSpec connection = instance.client().path(path);
		headers.forEach(connection::header);
		return track(connection.connect());
	}

	private static WsPresence presence(ClusterInstance instance, String path) {
		return instance.hubs().find(path).orElseThrow().presence();
	}

	private Process startChildInstance(RedisServer redis, int port) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path log = Files.createTempFile("presence-child-", ".log");
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-cp", classpath, ClusterTestApplication.class.getName()));
		List<String> properties = new ArrayList<>(ClusterInstance.properties("child", redis.port(), PREFIX));
		properties.addAll(List.of(PRESENCE));
		for (String property : properties) {
			command.add("--" + property.replace("server.port=0", "server.port=" + port));
		}
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
