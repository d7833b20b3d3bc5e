package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis relay is stack-neutral: one hub spans a Servlet (Tomcat) instance and a
 * reactive (Reactor Netty) instance of the same application.
 *
 * @author multi-ws team
 */
@TestInstance(Lifecycle.PER_CLASS)
class MixedStackClusterTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String PREFIX = "it-mixed:";

	private RedisServer redis;

	private ClusterInstance servlet;

	private ClusterInstance reactive;

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		this.servlet = ClusterInstance.start("servlet", this.redis, PREFIX);
		this.reactive = ClusterInstance.start("reactive", this.redis, PREFIX,
				"spring.main.web-application-type=reactive");
		await("both relays reach Redis").atMost(WAIT)
			.until(() -> this.servlet.relay().status().subscribed() && this.reactive.relay().status().subscribed());
	}

	@AfterAll
	void stopCluster() {
		if (this.servlet != null) {
			this.servlet.close();
		}
		if (this.reactive != null) {
			this.reactive.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void theInstancesRunOnDifferentStacks() {
		assertThat(webServer(this.servlet)).isEqualTo("TomcatWebServer");
		assertThat(webServer(this.reactive)).isEqualTo("NettyWebServer");
	}

	@Test
	void oneRoomSpansAServletAndAReactiveInstance() {
		List<WsTestConnection> clients = List.of(this.servlet.connect("/rooms/mixed"),
				this.reactive.connect("/rooms/mixed"), this.reactive.connect("/rooms/mixed"));
		String channel = this.servlet.relay().getHubChannel("/rooms/mixed");
		await("both instances subscribed to " + channel).atMost(WAIT).until(() -> this.redis.numsub(channel) == 2);
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			sent.add("from servlet " + i);
			clients.get(0).sendText("from servlet " + i);
			sent.add("from reactive " + i);
			clients.get(1).sendText("from reactive " + i);
		}
		for (WsTestConnection client : clients) {
			assertThat(client.awaitTexts(sent.size())).doesNotHaveDuplicates()
				.containsExactlyInAnyOrderElementsOf(sent);
		}
		this.servlet.closeClients();
		this.reactive.closeClients();
		await("every hub removed").atMost(WAIT)
			.until(() -> this.servlet.hubs().count() == 0 && this.reactive.hubs().count() == 0);
	}

	private static String webServer(ClusterInstance instance) {
		return ((WebServerApplicationContext) instance.context()).getWebServer().getClass().getSimpleName();
	}

}
