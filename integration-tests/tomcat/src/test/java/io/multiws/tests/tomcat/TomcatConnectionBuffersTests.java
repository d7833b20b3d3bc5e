package io.multiws.tests.tomcat;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;

import io.multiws.hub.WsHubs;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.apache.catalina.connector.Connector;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat keeps 1 KiB buffers per connection (multi-ws's
 * {@code multi-ws.container-buffer-size}) instead of its 8 KiB ones, and its message
 * buffers keep that size after a message of the size limit, which multi-ws assembles
 * from Tomcat's parts: the buffers are most of a connection's heap (see
 * {@code IdleCapacity} in {@code benchmarks/load}).
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

	@Autowired
	WsHubs hubs;

	@Test
	void tomcatKeepsSmallBuffersPerConnection() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		// The socket buffers go to 4 KiB, not 1: smaller ones cost CPU on every message
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("4096");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("4096");
		// Tomcat sizes its WebSocket read, write and message buffers by the same constant
		assertThat(new WsWebSocketContainer().getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
	}

	@Test
	void textsUpToTheLimitArriveWholeAndTomcatsMessageBuffersStaySmall() throws Exception {
		// 64 KiB of UTF-8 in 32 Ki characters, once in one frame and once in 64 fragments
		String text = "é".repeat(LIMIT / 2);
		try (WsTestConnection connection = WsTestClient.forPort(this.port).connect("/echo/buffers")) {
			connection.sendText(text);
			assertThat(connection.awaitText()).isEqualTo(text);
			for (int i = 0; i < 64; i++) {
				connection.sendText(text.substring(i * 512, (i + 1) * 512), i == 63);
			}
			assertThat(connection.awaitText()).isEqualTo(text);
			// multi-ws assembled them: Tomcat's buffers kept their size instead of growing to the limit
			Object frame = field(nativeSession("/echo/buffers"), "wsFrame");
			assertThat(((CharBuffer) field(frame, "messageBufferText")).capacity()).isEqualTo(1024);
			assertThat(((ByteBuffer) field(frame, "messageBufferBinary")).capacity()).isEqualTo(1024);
		}
	}

	private Session nativeSession(String path) {
		WsSession session = this.hubs.find(path).orElseThrow().sessions().iterator().next();
		return ((StandardWebSocketSession) WebSocketSessionDecorator.unwrap(session.unwrap(WebSocketSession.class)))
			.getNativeSession();
	}

	/**
	 * Read a private field of Tomcat's session or frame parser. Test code only, and only
	 * reading: the buffers' capacity is what this test is about and no public API of Tomcat
	 * tells it. The runtime's own use of Tomcat internals stays in
	 * {@code io.multiws.container.tomcat}, probed, reported and switchable.
	 */
	private static Object field(Object target, String name) throws ReflectiveOperationException {
		Class<?> type = target.getClass();
		while (type != null) {
			try {
				Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return field.get(target);
			}
			catch (NoSuchFieldException ex) {
				type = type.getSuperclass();
			}
		}
		throw new NoSuchFieldException(name);
	}

}
