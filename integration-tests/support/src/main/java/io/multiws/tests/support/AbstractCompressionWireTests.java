package io.multiws.tests.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.multiws.hub.WsHubs;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.multiws.tests.support.RawWsClient.deflate;
import static io.multiws.tests.support.RawWsClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * permessage-deflate (RFC 7692), off by default and on for one endpoint through
 * {@code multi-ws.endpoints.<name>.compression}: negotiated alike on every stack, and the
 * inbound size limit (1 KiB here) applied to the inflated size.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.sized.max-text-message-size=1KB",
				"multi-ws.endpoints.sized.max-binary-message-size=1KB", "multi-ws.endpoints.sized.compression=true",
				"multi-ws.session.idle-timeout=0" })
public abstract class AbstractCompressionWireTests {

	private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";

	private static final int TEXT = 0x1;

	private static final int RSV1 = 4;

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	private final List<RawWsClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() throws Exception {
		for (RawWsClient client : this.clients) {
			client.close();
		}
		await("all hubs removed after the test").until(() -> this.hubs.count() == 0);
	}

	@Test
	void compressionIsOffByDefault() throws Exception {
		RawWsClient client = open("/echo/1");
		assertThat(client.header("Sec-WebSocket-Extensions")).isNull();
		client.write(frame(TEXT, bytes("plain")));
		assertThat(client.readText()).isEqualTo("plain");
	}

	@Test
	void anEndpointWithCompressionNegotiatesPermessageDeflate() throws Exception {
		RawWsClient client = open("/sized/1");
		assertThat(client.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
	}

	@Test
	void aCompressedMessageIsInflatedAndTheReplyReadable() throws Exception {
		RawWsClient client = open("/sized/1");
		client.write(frame(true, RSV1, TEXT, deflate(bytes("hello")), true));
		assertThat(client.readText()).isEqualTo("text 5");
		client.write(frame(TEXT, bytes("abc")));
		assertThat(client.readText()).as("an uncompressed message on the same session").isEqualTo("text 3");
	}

	@Test
	void aMessageThatInflatesToTheLimitIsAccepted() throws Exception {
		RawWsClient client = open("/sized/1");
		client.write(frame(true, RSV1, TEXT, deflate(bytes("x".repeat(1024))), true));
		assertThat(client.readText()).isEqualTo("text 1024");
	}

	@Test
	void aSmallMessageThatInflatesPastTheLimitClosesWith1009() throws Exception {
		RawWsClient client = open("/sized/1");
		byte[] compressed = deflate(bytes("x".repeat(1_000_000)));
		assertThat(compressed.length).isLessThan(1024);
		client.write(frame(true, RSV1, TEXT, compressed, true));
		assertThat(client.readCloseCode()).isEqualTo(1009);
	}

	@Test
	void otherReservedBitsStillCloseWith1002() throws Exception {
		RawWsClient client = open("/sized/1");
		client.write(frame(true, 2, TEXT, bytes("hi"), true));
		assertThat(client.readCloseCode()).isEqualTo(1002);
	}

	private RawWsClient open(String path) throws Exception {
		RawWsClient client = RawWsClient.request(this.port,
				"GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: " + RawWsClient.newKey() + "\r\n" + OFFER);
		this.clients.add(client);
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		return client;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
