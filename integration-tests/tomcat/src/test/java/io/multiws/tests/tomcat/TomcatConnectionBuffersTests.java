package io.multiws.tests.tomcat;

import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat keeps 1 KiB buffers per connection (multi-ws's
 * {@code multi-ws.container-buffer-size}) instead of its 8 KiB ones, and still takes
 * messages up to the size limits: the buffers are most of an idle connection's heap
 * (see the load tool's {@code memory} scenario).
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatConnectionBuffersTests {

	private static final int LIMIT = 64 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void tomcatKeepsSmallBuffersPerConnection() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("1024");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("1024");
		// Tomcat sizes its WebSocket read, write and message buffers by the same constant
		assertThat(new WsWebSocketContainer().getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
	}

	@Test
	void textsUpToTheLimitStillArriveWhole() {
		// 64 KiB of UTF-8 in 32 Ki characters, once in one frame and once in 64 fragments
		String text = "é".repeat(LIMIT / 2);
		try (WsTestConnection connection = WsTestClient.forPort(this.port).connect("/echo/buffers")) {
			connection.sendText(text);
			assertThat(connection.awaitText()).isEqualTo(text);
			for (int i = 0; i < 64; i++) {
				connection.sendText(text.substring(i * 512, (i + 1) * 512), i == 63);
			}
			assertThat(connection.awaitText()).isEqualTo(text);
		}
	}

}
