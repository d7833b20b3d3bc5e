package io.multiws.tests.redis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health of the Redis relay and its meters over HTTP: up while Redis answers, down
 * with the outage's start and the lost count while it does not, up again after.
 *
 * @author multi-ws team
 */
class RelayHealthTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final JsonMapper JSON = new JsonMapper();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void theRelayIsUpThenDownWithTheOutageStartThenUpAgain() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance instance = track(ClusterInstance.start("health", redis, "it-health:",
				"management.endpoints.web.exposure.include=health,metrics",
				"management.endpoint.health.show-details=always"));
		instance.connect("/rooms/health");
		await("relay up").atMost(WAIT).until(() -> status(instance).equals("UP"));

		Instant beforeOutage = Instant.now();
		redis.kill();
		await("relay down").atMost(WAIT).until(() -> status(instance).equals("DOWN"));
		instance.postText("health", "lost while down");
		JsonNode down = health(instance);
		assertThat(Instant.parse(down.get("details").get("unavailableSince").asString()))
			.isAfterOrEqualTo(beforeOutage.minusSeconds(1));
		assertThat(down.get("details").get("lost").asLong()).isGreaterThanOrEqualTo(1);
		JsonNode lost = get(instance, "/actuator/metrics/multiws.relay.lost");
		assertThat(lost.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);

		redis.startProcess();
		await("relay up again").atMost(WAIT).until(() -> status(instance).equals("UP"));
		assertThat(health(instance).get("details").has("unavailableSince")).isFalse();
	}

	@Test
	void theRelayIsOutOfServiceWhileRedisAnswersButRefusesToNumberHistoryBroadcasts() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance instance = track(ClusterInstance.start("health", redis, "it-health-history:",
				"management.endpoints.web.exposure.include=health,multiws",
				"management.endpoint.health.show-details=always", "multi-ws.endpoints.chat.history.size=10",
				"multi-ws.endpoints.chat.history.message-ids=true"));
		instance.connect("/chat/full");
		await("relay up").atMost(WAIT).until(() -> status(instance).equals("UP"));
		JsonNode up = health(instance);
		assertThat(up.get("details").get("mode").asString()).isEqualTo("single");
		assertThat(up.get("details").get("historyShared").asBoolean()).isTrue();
		assertThat(get(instance, "/actuator/multiws").get("relay").get("mode").asString()).isEqualTo("single");

		// Full: writes are refused, PUBLISH (the heartbeat) is not
		Instant beforeFull = Instant.now();
		redis.command("CONFIG", "SET", "maxmemory", "1");
		instance.hubs().broadcast("/chat/full", "numbered here");
		await("relay out of service").atMost(WAIT).until(() -> status(instance).equals("OUT_OF_SERVICE"));
		JsonNode local = health(instance);
		assertThat(local.get("details").get("historyShared").asBoolean()).isFalse();
		assertThat(Instant.parse(local.get("details").get("historyLocalSince").asString()))
			.isAfterOrEqualTo(beforeFull.minusSeconds(1));
		assertThat(local.get("details").get("historyLocalReason").asString()).contains("OOM");
		assertThat(instance.relay().status().redisAvailable()).isTrue();
		assertThat(statusCode(instance, "/actuator/health")).as("Boot's answer for OUT_OF_SERVICE").isEqualTo(503);

		redis.command("CONFIG", "SET", "maxmemory", "0");
		instance.hubs().broadcast("/chat/full", "numbered by Redis");
		await("relay up again").atMost(WAIT).until(() -> status(instance).equals("UP"));
		assertThat(health(instance).get("details").has("historyLocalSince")).isFalse();
	}

	private static String status(ClusterInstance instance) {
		return health(instance).get("status").asString();
	}

	private static JsonNode health(ClusterInstance instance) {
		return get(instance, "/actuator/health/multiWsRelay");
	}

	private static int statusCode(ClusterInstance instance, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode get(ClusterInstance instance, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			// The health endpoint answers 503 while down, with the same body
			return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
