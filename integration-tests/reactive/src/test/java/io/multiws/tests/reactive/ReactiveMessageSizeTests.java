package io.multiws.tests.reactive;

import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Message size limits where Reactor Netty checks them: one oversize frame (its frame
 * decoder), an oversize message in fragments (its frame aggregator), and the smaller of
 * an endpoint's text and binary limits (the binding).
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.echo.max-text-message-size=2KB",
				"multi-ws.endpoints.binary.max-text-message-size=2KB",
				"multi-ws.endpoints.binary.max-binary-message-size=512B" })
class ReactiveMessageSizeTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	private WsTestConnection connect(String path) {
		return WsTestClient.forPort(this.port).connect(path);
	}

	@Test
	void aSingleOversizeFrameClosesWith1009() {
		try (WsTestConnection client = connect("/echo/frame")) {
			client.sendText("x".repeat(2048));
			assertThat(client.awaitText()).hasSize(2048);
			client.sendText("x".repeat(2049));
			assertThat(client.awaitCloseCode()).isEqualTo(1009);
		}
		await().until(() -> this.hubs.count() == 0);
	}

	@Test
	void anOversizeMessageInFragmentsClosesWith1009() {
		try (WsTestConnection client = connect("/echo/fragments")) {
			client.sendText("x".repeat(1500), false).sendText("x".repeat(1500), true);
			assertThat(client.awaitCloseCode()).isEqualTo(1009);
		}
		await().until(() -> this.hubs.count() == 0);
	}

	@Test
	void theSmallerBinaryLimitOfAnEndpointClosesWith1009() {
		try (WsTestConnection client = connect("/binary/limit")) {
			client.sendBinary(new byte[512]);
			assertThat(client.awaitBinary()).hasSize(512);
			client.sendBinary(new byte[513]);
			assertThat(client.awaitCloseCode()).isEqualTo(1009);
		}
		await().until(() -> this.hubs.count() == 0);
	}

}
