package io.multiws.tests.tomcat;

import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @WsEndpoint} bean that is a plain Spring {@code WebSocketHandler}: its
 * callbacks run for every session of every hub of its patterns, and its sends go
 * through the multi-ws queue.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, WebSocketHandlerEndpointTests.HandlerConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSocketHandlerEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	WsHubs hubs;

	@Test
	void aWebSocketHandlerBeanServesEveryHubOfItsPatterns() {
		try (WsTestConnection a = WsTestClient.forPort(this.port).connect("/handler/a");
				WsTestConnection b = WsTestClient.forPort(this.port).connect("/handler/b")) {
			assertThat(a.awaitText()).isEqualTo("welcome to /handler/a");
			assertThat(b.awaitText()).isEqualTo("welcome to /handler/b");
			a.sendText("ping");
			assertThat(a.awaitText()).isEqualTo("handler echo: ping");
			assertThat(this.hubs.hubs("handler")).extracting(WsHub::path)
				.containsExactlyInAnyOrder("/handler/a", "/handler/b");
		}
		await().until(() -> this.hubs.count() == 0);
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

	@WsEndpoint(name = "handler", paths = "/handler/{id}")
	static class EchoHandler extends TextWebSocketHandler {

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			session.sendMessage(new TextMessage("welcome to " + session.getUri().getPath()));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(new TextMessage("handler echo: " + message.getPayload()));
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		}

	}

}
