package io.multiws.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RawWsClient} reads a server's frames as RFC 6455 requires of a client, since the
 * conformance suite checks servers through it: a peer on a real loopback socket answers
 * the upgrade and then writes the exact bytes of each case.
 *
 * @author multi-ws team
 */
class RawWsClientTests {

	private static final String UPGRADED = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
			+ "Connection: Upgrade\r\nSec-WebSocket-Accept: unchecked\r\n";

	private ServerSocket server;

	@AfterEach
	void closeServer() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void readTextJoinsTheFragmentsOfAMessageAcrossAPing() throws IOException {
		try (RawWsClient client = connect(UPGRADED, frame(0x01, "Hel"), frame(0x89, "p"), frame(0x00, "lo "),
				frame(0x80, "world"), frame(0x81, "next"))) {
			assertThat(client.readText()).isEqualTo("Hello world");
			assertThat(client.readText()).isEqualTo("next");
		}
	}

	@Test
	void readTextFailsOnAContinuationWithoutAMessage() throws IOException {
		try (RawWsClient client = connect(UPGRADED, frame(0x80, "stray"))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(client::readText)
				.withMessageContaining("continuation");
		}
	}

	@Test
	void readTextFailsOnANewMessageInsideAFragmentedOne() throws IOException {
		try (RawWsClient client = connect(UPGRADED, frame(0x01, "a"), frame(0x81, "b"))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(client::readText)
				.withMessageContaining("inside a fragmented one");
		}
	}

	@Test
	void readTextFailsWhenTheConnectionEndsInsideAFragmentedMessage() throws IOException {
		try (RawWsClient client = connect(UPGRADED, frame(0x01, "half"))) {
			assertThatExceptionOfType(EOFException.class).isThrownBy(client::readText)
				.withMessageContaining("inside a fragmented text message");
		}
	}

	@Test
	void readTextFailsOnABinaryMessage() throws IOException {
		try (RawWsClient client = connect(UPGRADED, frame(0x82, "bytes"))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(client::readText)
				.withMessageContaining("opcode 0x2 instead of a text message");
		}
	}

	@Test
	void readTextFailsOnTextThatIsNotUtf8() throws IOException {
		try (RawWsClient client = connect(UPGRADED, bytes(0x81, 0x02, 0xC3, 0x28))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(client::readText)
				.withMessageContaining("not valid UTF-8");
		}
	}

	@Test
	void aMaskedFrameFromTheServerFails() throws IOException {
		try (RawWsClient client = connect(UPGRADED, bytes(0x81, 0x82, 0, 0, 0, 0, 'h', 'i'))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(client::readFrame)
				.withMessageContaining("masked");
		}
	}

	@Test
	void reservedBitsTwoAndThreeFail() throws IOException {
		try (RawWsClient rsv2 = connect(UPGRADED, bytes(0xA1, 0x00))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(rsv2::readFrame)
				.withMessageContaining("RSV2 or RSV3");
		}
		try (RawWsClient rsv3 = connect(UPGRADED, bytes(0x91, 0x00))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(rsv3::readFrame)
				.withMessageContaining("RSV2 or RSV3");
		}
	}

	@Test
	void reservedBitOneFailsWithoutPermessageDeflate() throws IOException {
		try (RawWsClient client = connect(UPGRADED, bytes(0xC1, 0x00))) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(client::readFrame)
				.withMessageContaining("RSV1");
		}
	}

	@Test
	void aControlFrameOfMoreThan125BytesFails() throws IOException {
		byte[] close = new byte[4 + 126];
		close[0] = (byte) 0x88;
		close[1] = 126;
		close[3] = 126;
		try (RawWsClient client = connect(UPGRADED, close)) {
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(client::readFrame)
				.withMessageContaining("control frame");
		}
	}

	@Test
	void theEndOfTheStreamInsideTheLengthBytesFails() throws IOException {
		try (RawWsClient client = connect(UPGRADED, bytes(0x81, 126, 0x01))) {
			assertThatExceptionOfType(EOFException.class).isThrownBy(client::readFrame)
				.withMessageContaining("inside a frame's length");
		}
	}

	@Test
	void theEndOfTheStreamInsideThePayloadFails() throws IOException {
		try (RawWsClient client = connect(UPGRADED, bytes(0x81, 5, 'a', 'b'))) {
			assertThatExceptionOfType(EOFException.class).isThrownBy(client::readFrame)
				.withMessageContaining("after 2 of 5 bytes");
		}
	}

	@Test
	void aFrameReportsItsFinBit() throws IOException {
		try (RawWsClient client = connect(UPGRADED, frame(0x01, "first"), frame(0x80, "last"))) {
			assertThat(client.readFrame().fin()).isFalse();
			assertThat(client.readFrame().fin()).isTrue();
		}
	}

	/**
	 * Start a peer that answers the upgrade with the given head, writes the given bytes
	 * and ends the connection, and connect to it.
	 */
	private RawWsClient connect(String head, byte[]... frames) throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		ServerSocket server = this.server;
		CompletableFuture.runAsync(() -> {
			try (Socket peer = server.accept()) {
				readRequestHead(peer.getInputStream());
				peer.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				for (byte[] frame : frames) {
					peer.getOutputStream().write(frame);
				}
				peer.getOutputStream().flush();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		RawWsClient client = RawWsClient.upgrade(server.getLocalPort(), "/", Map.of(), 0);
		assertThat(client.status()).isEqualTo(101);
		return client;
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b == -1) {
				return;
			}
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
	}

	/**
	 * An unmasked server frame with a short payload.
	 */
	private static byte[] frame(int firstByte, String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(firstByte);
		out.write(payload.length);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
