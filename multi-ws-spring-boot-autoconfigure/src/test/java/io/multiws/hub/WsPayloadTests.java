package io.multiws.hub;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.internal.WsPayloadFrames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WsPayload}.
 *
 * @author multi-ws team
 */
class WsPayloadTests {

	private static final String[] TEXTS = { "", "ascii", "é", "€uro", "😀", "a😀é€", "lone \uD83D surrogate",
			"x".repeat(70_000) };

	@Test
	void theUtf8SizeOfATextIsCountedWithoutEncodingIt() {
		for (String text : TEXTS) {
			assertThat(WsPayload.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
			assertThat(WsPayload.text(text).size()).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	@Test
	void aTextIsEncodedOnceForEveryRecipient() {
		WsPayload payload = WsPayload.text("é€");
		assertThat(payload.toBytes()).isSameAs(payload.toBytes()).isEqualTo("é€".getBytes(StandardCharsets.UTF_8));
		assertThat(WsPayloadFrames.frame(payload)).isSameAs(WsPayloadFrames.frame(payload));
	}

	@Test
	void theFrameIsAWholeUnmaskedFrameWithTheShortestLengthEncoding() {
		for (String text : TEXTS) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			ByteBuffer frame = WsPayloadFrames.frame(WsPayload.text(text)).duplicate();
			assertThat(frame.get()).as("FIN and text opcode").isEqualTo((byte) 0x81);
			int length = frame.get() & 0xFF;
			assertThat(length & 0x80).as("unmasked").isZero();
			long payloadLength = (length < 126) ? length : (length == 126) ? frame.getShort() & 0xFFFF : frame.getLong();
			assertThat(payloadLength).as(text).isEqualTo(bytes.length);
			byte[] payload = new byte[frame.remaining()];
			frame.get(payload);
			assertThat(payload).isEqualTo(bytes);
		}
		assertThat(WsPayloadFrames.frame(WsPayload.binary(new byte[] { 1, 2 })).get(0)).as("binary opcode").isEqualTo((byte) 0x82);
	}

	@Test
	void theWireFormatIsNoPartOfThePayloadsApi() {
		assertThat(WsPayload.class.getMethods()).extracting(Method::getName).doesNotContain("frame");
		assertThatIllegalStateException().isThrownBy(() -> new WsPayloadFrames() {

			@Override
			protected ByteBuffer frameOf(WsPayload payload) {
				return ByteBuffer.allocate(0);
			}

		}).withMessage("Only WsPayload provides its frames");
	}

	@Test
	void theFrameDoesNotKeepASecondCopyOfTheText() {
		WsPayload payload = WsPayload.text("é€");
		WsPayloadFrames.frame(payload);
		assertThat(payload).extracting("utf8").as("only the frame is kept").isNull();
		assertThat(payload.toBytes()).isEqualTo("é€".getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Threads that race to the first use of a payload's encodings each see them whole:
	 * the frame's header and every byte of its text, the UTF-8 bytes and the size. A
	 * payload is shared by the sessions of a broadcast, whose writers run on different
	 * threads, and its encodings are built by whichever writer gets there first.
	 */
	@Test
	void encodingsBuiltByOneThreadAreSeenWholeByTheOthers() throws Exception {
		int threads = 4;
		String text = "é€x".repeat(4_000);
		byte[] expected = text.getBytes(StandardCharsets.UTF_8);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 300; round++) {
				WsPayload payload = WsPayload.text(text);
				CyclicBarrier start = new CyclicBarrier(threads);
				List<Future<?>> readers = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					boolean frameFirst = (i % 2) == 0;
					readers.add(executor.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						if (frameFirst) {
							assertWholeFrame(WsPayloadFrames.frame(payload), expected);
							assertThat(payload.toBytes()).isEqualTo(expected);
						}
						else {
							assertThat(payload.toBytes()).isEqualTo(expected);
							assertWholeFrame(WsPayloadFrames.frame(payload), expected);
						}
						assertThat(payload.size()).isEqualTo(expected.length);
						return null;
					}));
				}
				for (Future<?> reader : readers) {
					reader.get(10, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void assertWholeFrame(ByteBuffer shared, byte[] expected) {
		ByteBuffer frame = shared.duplicate();
		assertThat(frame.get()).isEqualTo((byte) 0x81);
		assertThat(frame.get()).isEqualTo((byte) 126);
		assertThat(frame.getShort() & 0xFFFF).isEqualTo(expected.length);
		byte[] payload = new byte[frame.remaining()];
		frame.get(payload);
		assertThat(payload).isEqualTo(expected);
	}

}
