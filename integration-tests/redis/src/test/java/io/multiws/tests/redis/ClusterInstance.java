package io.multiws.tests.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.cluster.RedisWsRelay;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.redis.app.ClusterTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the cluster test application, on a random port, sharing a Redis server
 * and a channel prefix with the other instances of a test.
 *
 * @author multi-ws team
 */
final class ClusterInstance implements AutoCloseable {

	static final Duration HEARTBEAT = Duration.ofMillis(500);

	static final Duration EXPIRY = Duration.ofSeconds(4);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String name;

	private final ConfigurableApplicationContext context;

	private final int port;

	private final List<WsTestConnection> clients = new ArrayList<>();

	private ClusterInstance(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static ClusterInstance start(String name, RedisServer redis, String prefix, String... overrides) {
		List<String> properties = new ArrayList<>(properties(name, redis.port(), prefix));
		properties.addAll(List.of(overrides));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		return new ClusterInstance(name, context);
	}

	/**
	 * Return the properties of an instance.
	 * @param name the instance id
	 * @param redisPort the Redis port
	 * @param prefix the channel prefix
	 * @return the properties, as {@code key=value}
	 */
	static List<String> properties(String name, int redisPort, String prefix) {
		return List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.repositories.enabled=false", "spring.data.redis.port=" + redisPort,
				"multi-ws.cluster.enabled=true", "multi-ws.cluster.channel-prefix=" + prefix,
				"multi-ws.cluster.instance-id=" + name, "multi-ws.cluster.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms",
				"multi-ws.cluster.instance-expiry=" + EXPIRY.toMillis() + "ms", "multi-ws.cluster.max-retry-interval=1s");
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	WsHubs hubs() {
		return this.context.getBean(WsHubs.class);
	}

	RedisWsRelay relay() {
		return this.context.getBean(RedisWsRelay.class);
	}

	/**
	 * Connect a client to a path of this instance; it is closed with the instance.
	 * @param path the path
	 * @return the client
	 */
	WsTestConnection connect(String path) {
		WsTestConnection client = WsTestClient.forPort(this.port).connect(path);
		this.clients.add(client);
		return client;
	}

	/**
	 * Connect a client to a path of this instance that the caller closes.
	 * @param path the path
	 * @return the client
	 */
	WsTestConnection connectUntracked(String path) {
		return WsTestClient.forPort(this.port).connect(path);
	}

	/**
	 * POST a body to this instance.
	 * @param path the path
	 * @param contentType the content type
	 * @param body the body
	 * @return the response body
	 */
	String post(String path, String contentType, byte[] body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String postText(String room, String text) {
		return post("/api/rooms/" + room + "/text", "text/plain", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		this.clients.clear();
	}

	@Override
	public void close() {
		closeClients();
		this.context.close();
	}

	@Override
	public String toString() {
		return "ClusterInstance[" + this.name + " on " + this.port + "]";
	}

}
