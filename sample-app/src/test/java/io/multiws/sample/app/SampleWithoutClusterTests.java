package io.multiws.sample.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.multiws.cluster.RedisWsRelay;
import io.multiws.core.LocalWsRelay;
import io.multiws.hub.WsRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Without the {@code cluster} profile the sample runs single-node even though Spring
 * Data Redis is on its classpath: it never opens a connection to Redis, here a listening
 * socket that stands in for one.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleWithoutClusterTests {

	private static final ServerSocket fakeRedis = listen();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", fakeRedis::getLocalPort);
	}

	@AfterAll
	static void close() throws IOException {
		fakeRedis.close();
	}

	@Test
	void runsSingleNodeAndNeverConnectsToRedis() throws Exception {
		assertThat(this.context.getBean(WsRelay.class)).isInstanceOf(LocalWsRelay.class);
		assertThat(this.context.getBeansOfType(RedisWsRelay.class)).isEmpty();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/rooms/1")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("\"sessions\":0");
		fakeRedis.setSoTimeout(1000);
		assertThatExceptionOfType(SocketTimeoutException.class).as("no connection to Redis")
			.isThrownBy(() -> acceptOne());
	}

	private static void acceptOne() throws IOException {
		try (Socket socket = fakeRedis.accept()) {
			throw new AssertionError("The sample connected to Redis from " + socket.getRemoteSocketAddress());
		}
	}

	private static ServerSocket listen() {
		try {
			return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
