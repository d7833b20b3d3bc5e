package io.multiws.tests.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.multiws.tests.support.RawWsClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RFC 6455 conformance on the wire: bytes written as chosen on a plain socket, each case
 * asserting the exact HTTP status and headers of the handshake, or the exact close code
 * of the connection, so that every stack answers alike. The endpoint under test takes at
 * most 1 KiB per message, text or binary.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.sized.max-text-message-size=1KB",
				"multi-ws.endpoints.sized.max-binary-message-size=1KB", "multi-ws.session.idle-timeout=0" })
public abstract class AbstractConformanceWireTests {

	protected static final int TEXT = 0x1;

	protected static final int BINARY = 0x2;

	private static final int CONTINUATION = 0x0;

	private static final int CLOSE = 0x8;

	private static final int PING = 0x9;

	private static final byte[] INVALID_UTF8 = { 'a', (byte) 0xC3, 0x28, 'b' };

	private static final String PATH = "/sized/1";

	/**
	 * The most bytes the endpoint under test takes in a message, text or binary.
	 */
	protected static final int LIMIT = 1024;

	/**
	 * How long a server may take to answer a frame from its header: at once, but for a
	 * loaded machine (a {@link java.net.SocketTimeoutException} fails the test).
	 */
	private static final Duration HEADER_ANSWER = Duration.ofSeconds(2);

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

	// Handshake

	@Test
	void aValidHandshakeIsAcceptedWithTheComputedAcceptKey() throws Exception {
		String key = RawWsClient.newKey();
		RawWsClient client = request(get(key, "13"));
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		assertThat(client.header("Sec-WebSocket-Accept")).isEqualTo(accept(key));
		assertThat(client.header("Sec-WebSocket-Extensions")).as("no extension negotiated").isNull();
	}

	@Test
	void aMissingConnectionUpgradeIsRefusedWith400() throws Exception {
		assertThat(status(head("GET", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
				"Sec-WebSocket-Key: " + RawWsClient.newKey())))
			.isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "c2hvcnQ=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "!!!!not*base64!!!!!!!==", "" })
	void aKeyThatIsNotSixteenBytesOfBase64IsRefusedWith400(String key) throws Exception {
		assertThat(status(get(key, "13"))).as("key '%s'", key).isEqualTo(400);
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void aMissingKeyIsRefusedWith400() throws Exception {
		assertThat(status(head("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13")))
			.isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "8", "12", "14", "abc" })
	void anUnsupportedVersionIsRefusedWith426NamingVersion13(String version) throws Exception {
		RawWsClient client = request(get(RawWsClient.newKey(), version));
		assertThat(client.status()).as(client.response()).isEqualTo(426);
		assertThat(client.header("Sec-WebSocket-Version")).isEqualTo("13");
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void aMissingVersionIsAnsweredAtOnceWith426() throws Exception {
		RawWsClient client = request(head("GET", "Upgrade: websocket", "Connection: Upgrade",
				"Sec-WebSocket-Key: " + RawWsClient.newKey()));
		assertThat(client.status()).as(client.response()).isEqualTo(426);
		assertThat(client.header("Sec-WebSocket-Version")).isEqualTo("13");
	}

	@ParameterizedTest
	@ValueSource(strings = { "permessage-deflate; =15", "; permessage-deflate", "permessage deflate",
			"permessage-deflate; client_max_window_bits=\"15", "permessage-deflate;;" })
	void aMalformedExtensionsHeaderIsRefusedWith400(String extensions) throws Exception {
		assertThat(status(get(RawWsClient.newKey(), "13", "Sec-WebSocket-Extensions: " + extensions)))
			.as(extensions)
			.isEqualTo(400);
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void anUnknownExtensionIsIgnored() throws Exception {
		RawWsClient client = request(get(RawWsClient.newKey(), "13", "Sec-WebSocket-Extensions: x-unknown; a=1"));
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		assertThat(client.header("Sec-WebSocket-Extensions")).isNull();
	}

	// Framing

	@Test
	void lengthEncodingsOfEveryWidthAreRead() throws Exception {
		RawWsClient client = open();
		for (int length : new int[] { 0, 125, 126, 1024 }) {
			client.write(frame(TEXT, "x".repeat(length).getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readText()).isEqualTo("text " + length);
		}
	}

	/**
	 * The frames the server writes carry each width of length encoding, the shortest that
	 * fits (the client refuses a longer one), on the edges where the width changes; a
	 * container may fragment the longest messages (Jetty does past 64 KiB).
	 */
	@Test
	void theServerWritesLengthEncodingsOfEveryWidth() throws Exception {
		RawWsClient client = open();
		client.write(frame(TEXT, bytes("ready")));
		assertThat(client.readText()).as("the session is open").isEqualTo("text 5");
		for (int length : new int[] { 1, 125, 126, 65_535, 65_536, 70_000 }) {
			assertThat(this.hubs.broadcast(PATH, "y".repeat(length))).isOne();
			assertThat(client.readText()).as("a message of %d bytes", length).hasSize(length);
		}
	}

	@Test
	void anUnmaskedClientFrameClosesWith1002() throws Exception {
		assertThat(closeCodeAfter(frame(true, 0, TEXT, bytes("hi"), false))).isEqualTo(1002);
	}

	@ParameterizedTest
	@ValueSource(ints = { 4, 2, 1 })
	void aReservedBitWithoutAnExtensionClosesWith1002(int rsv) throws Exception {
		assertThat(closeCodeAfter(frame(true, rsv, TEXT, bytes("hi"), true))).isEqualTo(1002);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x3, 0x7, 0xB, 0xF })
	void aReservedOpcodeClosesWith1002(int opcode) throws Exception {
		assertThat(closeCodeAfter(frame(opcode, bytes("hi")))).isEqualTo(1002);
	}

	@Test
	void aControlFrameOver125BytesClosesWith1002() throws Exception {
		assertThat(closeCodeAfter(frame(PING, new byte[126]))).isEqualTo(1002);
	}

	@Test
	void aFragmentedControlFrameClosesWith1002() throws Exception {
		assertThat(closeCodeAfter(frame(false, 0, PING, bytes("hi"), true))).isEqualTo(1002);
	}

	@Test
	void anOrphanContinuationClosesWith1002() throws Exception {
		assertThat(closeCodeAfter(frame(CONTINUATION, bytes("hi")))).isEqualTo(1002);
	}

	@Test
	void aNewMessageInsideAFragmentedOneClosesWith1002() throws Exception {
		assertThat(closeCodeAfter(frame(false, 0, TEXT, bytes("a"), true), frame(TEXT, bytes("b"))))
			.isEqualTo(1002);
	}

	@Test
	void aLengthWithItsMostSignificantBitSetIsRefused() throws Exception {
		assertThat(closeCodeAfter(RawWsClient.frameHeader(BINARY, Long.MIN_VALUE + 5)))
			.isEqualTo(closeCodeForANegativeLength());
	}

	@Test
	void fragmentsAndInterleavedControlFramesMakeOneMessage() throws Exception {
		RawWsClient client = open();
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		client.write(frame(false, 0, TEXT, new byte[] { 'a', euro[0] }, true), frame(PING, bytes("p")),
				frame(false, 0, CONTINUATION, new byte[] { euro[1] }, true),
				frame(true, 0, CONTINUATION, new byte[] { euro[2], 'b' }, true));
		assertThat(client.readText()).as("a code point split across fragments is valid").isEqualTo("text 3");
	}

	@Test
	void invalidUtf8InATextMessageClosesWith1007() throws Exception {
		assertThat(closeCodeAfter(frame(TEXT, INVALID_UTF8))).isEqualTo(1007);
	}

	@Test
	void invalidUtf8InAMiddleFragmentClosesWith1007() throws Exception {
		assertThat(closeCodeAfter(frame(false, 0, TEXT, bytes("ab"), true),
				frame(false, 0, CONTINUATION, INVALID_UTF8, true), frame(true, 0, CONTINUATION, bytes("cd"), true)))
			.isEqualTo(1007);
	}

	@Test
	void invalidUtf8InACloseReasonIsRefused() throws Exception {
		assertThat(closeCodeAfter(frame(CLOSE, RawWsClient.closePayload(1000, INVALID_UTF8))))
			.isEqualTo(closeCodeForAnInvalidCloseReason());
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535 })
	void anInvalidCloseCodeClosesWith1002(int code) throws Exception {
		assertThat(closeCodeAfter(frame(CLOSE, RawWsClient.closePayload(code, new byte[0])))).as("code %d", code)
			.isEqualTo(1002);
	}

	@Test
	void aOneByteClosePayloadClosesWith1002() throws Exception {
		assertThat(closeCodeAfter(frame(CLOSE, new byte[] { 0x03 }))).isEqualTo(1002);
	}

	@Test
	void aNormalCloseIsEchoed() throws Exception {
		assertThat(closeCodeAfter(frame(CLOSE, RawWsClient.closePayload(1000, bytes("bye"))))).isEqualTo(1000);
	}

	/**
	 * A close frame carries at most 123 bytes of reason: a longer one, given by the
	 * application, is cut to valid UTF-8 within that bound, not sent whole (which the
	 * client must fail as a protocol error) nor dropped.
	 */
	@Test
	void aCloseReasonLongerThanACloseFrameTakesIsCutTo123BytesOfUtf8() throws Exception {
		RawWsClient client = open();
		await("the session in its hub").until(() -> this.hubs.find(PATH).map(WsHub::size).orElse(0) == 1);
		String reason = "Ünïcödé reason " + "€".repeat(60);
		assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(123);
		this.hubs.find(PATH).orElseThrow().sessions().forEach((session) -> session.close(
				WsCloseStatus.GOING_AWAY.withReason(reason)));
		RawWsClient.Frame close = client.readFrame();
		assertThat(close.opcode()).isEqualTo(CLOSE);
		assertThat(close.closeCode()).isEqualTo(1001);
		byte[] sent = Arrays.copyOfRange(close.payload(), 2, close.payload().length);
		assertThat(sent).as("the reason's bytes").hasSizeBetween(120, 123);
		String cut = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(sent)).toString();
		assertThat(reason).as("the reason sent").startsWith(cut);
	}

	// Sizes

	@Test
	void aFrameAnnouncingFarMoreThanTheLimitClosesWith1009FromItsHeader() throws Exception {
		assertThat(closeCodeAfterFrameStart(TEXT, 1L << 62)).isEqualTo(1009);
	}

	@Test
	void aFrameAnnouncingJustOverTheLimitClosesWith1009FromItsHeader() throws Exception {
		assertThat(closeCodeAfterFrameStart(BINARY, LIMIT + 1)).isEqualTo(1009);
	}

	@Test
	void aFrameOverTheLimitClosesWith1009() throws Exception {
		assertThat(closeCodeAfter(frame(BINARY, new byte[1025]))).isEqualTo(1009);
	}

	@Test
	void fragmentsAddingUpToMoreThanTheLimitCloseWith1009() throws Exception {
		byte[] part = new byte[400];
		assertThat(closeCodeAfter(frame(false, 0, BINARY, part, true), frame(false, 0, CONTINUATION, part, true),
				frame(false, 0, CONTINUATION, part, true)))
			.isEqualTo(1009);
	}

	@Test
	void manyTinyFragmentsWithinTheLimitMakeOneMessage() throws Exception {
		RawWsClient client = open();
		client.write(tinyFragments(1000, true));
		assertThat(client.readText()).isEqualTo("text 1000");
	}

	@Test
	void manyTinyFragmentsOverTheLimitCloseWith1009() throws Exception {
		assertThat(closeCodeAfter(tinyFragments(5000, false))).isEqualTo(1009);
	}

	/**
	 * Return how many payload bytes of a frame that announces more than the limit the
	 * stack reads before it refuses the frame.
	 * @param announcedLength the length the frame's header announces
	 * @return 0 (the frame is refused from its header alone), unless the stack's parser
	 * waits for payload before any code of ours runs
	 */
	protected int payloadBytesBeforeAnOversizedFrameIsRefused(long announcedLength) {
		return 0;
	}

	/**
	 * Return the close code the stack's frame parser answers to a 64-bit length with its
	 * most significant bit set, which RFC 6455 forbids.
	 * @return 1002, unless the stack's parser says otherwise before any code of ours runs
	 */
	protected int closeCodeForANegativeLength() {
		return 1002;
	}

	/**
	 * Return the close code the stack's frame parser answers to a close reason that is not
	 * UTF-8.
	 * @return 1007, unless the stack's parser says otherwise before any code of ours runs
	 */
	protected int closeCodeForAnInvalidCloseReason() {
		return 1007;
	}

	private static byte[] tinyFragments(int count, boolean last) {
		List<byte[]> frames = new ArrayList<>();
		frames.add(frame(false, 0, TEXT, bytes("x"), true));
		for (int i = 1; i < count; i++) {
			frames.add(frame(last && i == count - 1, 0, CONTINUATION, bytes("x"), true));
		}
		int size = frames.stream().mapToInt((frame) -> frame.length).sum();
		byte[] all = new byte[size];
		int offset = 0;
		for (byte[] frame : frames) {
			System.arraycopy(frame, 0, all, offset, frame.length);
			offset += frame.length;
		}
		return all;
	}

	/**
	 * Open a connection, write frames and return the close code the server answers.
	 * @param frames the frames
	 * @return the close code, -1 if the connection ended without a close frame
	 * @throws Exception on failure, a {@link java.net.SocketTimeoutException} if the
	 * server says nothing within 10 seconds
	 */
	protected int closeCodeAfter(byte[]... frames) throws Exception {
		RawWsClient client = open();
		client.write(frames);
		return client.readCloseCode();
	}

	/**
	 * Open a connection, write the header of a frame announcing a length and as much of
	 * its payload as the stack reads before it refuses the frame
	 * ({@link #payloadBytesBeforeAnOversizedFrameIsRefused}), never the rest, and return
	 * the close code the server answers, within {@link #HEADER_ANSWER}.
	 */
	private int closeCodeAfterFrameStart(int opcode, long announcedLength) throws Exception {
		RawWsClient client = open();
		byte[] payloadStart = new byte[payloadBytesBeforeAnOversizedFrameIsRefused(announcedLength)];
		Arrays.fill(payloadStart, (byte) 'x');
		client.write(RawWsClient.frameStart(opcode, announcedLength, payloadStart));
		client.readTimeout(HEADER_ANSWER);
		return client.readCloseCode();
	}

	private RawWsClient open() throws Exception {
		RawWsClient client = request(get(RawWsClient.newKey(), "13"));
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		return client;
	}

	private RawWsClient request(String head) throws Exception {
		RawWsClient client = RawWsClient.request(this.port, head);
		this.clients.add(client);
		return client;
	}

	private int status(String head) throws Exception {
		RawWsClient client = request(head);
		return client.status();
	}

	private String get(String key, String version, String... extraHeaders) {
		List<String> headers = new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
				"Sec-WebSocket-Version: " + version, "Sec-WebSocket-Key: " + key));
		headers.addAll(List.of(extraHeaders));
		return head("GET", headers.toArray(String[]::new));
	}

	private String head(String method, String... headers) {
		return method + " " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n"
				+ String.join("\r\n", headers);
	}

	private static String accept(String key) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-1")
			.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
		return Base64.getEncoder().encodeToString(digest);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
