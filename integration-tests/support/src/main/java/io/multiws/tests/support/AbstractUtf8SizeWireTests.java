package io.multiws.tests.support;

import java.nio.charset.StandardCharsets;

import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inbound text limits count UTF-8 bytes, with the same answer on every stack: with a
 * limit of 2 KiB, a text of 2 048 bytes is taken however few characters it has, and one
 * of 2 049 bytes or more is closed with 1009 however few characters it has (Tomcat on
 * its own counts characters, so 1 025 two-byte characters would pass there).
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.echo.max-text-message-size=2KB" })
public abstract class AbstractUtf8SizeWireTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	@ParameterizedTest(name = "{1} x ''{0}'' ({2} bytes)")
	@CsvSource({ "a, 2048, 2048", "é, 1024, 2048", "€, 682, 2046", "😀, 512, 2048" })
	void aTextOfAtMostTheLimitInBytesIsTaken(String character, int count, int bytes) {
		String text = character.repeat(count);
		assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/echo/utf8-fits")) {
			client.sendText(text);
			assertThat(client.awaitText()).isEqualTo(text);
		}
		await().until(() -> this.hubs.count() == 0);
	}

	@ParameterizedTest(name = "{1} x ''{0}'' ({2} bytes)")
	@CsvSource({ "a, 2049, 2049", "é, 1025, 2050", "€, 683, 2049", "😀, 513, 2052" })
	void aTextOfMoreBytesThanTheLimitIsClosedWith1009(String character, int count, int bytes) {
		String text = character.repeat(count);
		assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/echo/utf8-over")) {
			client.sendText(text);
			assertThat(client.awaitCloseCode()).isEqualTo(1009);
		}
		await().until(() -> this.hubs.count() == 0);
	}

}
