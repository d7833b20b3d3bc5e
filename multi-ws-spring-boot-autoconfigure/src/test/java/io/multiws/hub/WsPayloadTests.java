package io.multiws.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(payload.frame()).isSameAs(payload.frame());
	}

	@Test
	void theFrameIsAWholeUnmaskedFrameWithTheShortestLengthEncoding() {
		for (String text : TEXTS) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			ByteBuffer frame = WsPayload.text(text).frame().duplicate();
			assertThat(frame.get()).as("FIN and text opcode").isEqualTo((byte) 0x81);
			int length = frame.get() & 0xFF;
			assertThat(length & 0x80).as("unmasked").isZero();
			long payloadLength = (length < 126) ? length : (length == 126) ? frame.getShort() & 0xFFFF : frame.getLong();
			assertThat(payloadLength).as(text).isEqualTo(bytes.length);
			byte[] payload = new byte[frame.remaining()];
			frame.get(payload);
			assertThat(payload).isEqualTo(bytes);
		}
		assertThat(WsPayload.binary(new byte[] { 1, 2 }).frame().get(0)).as("binary opcode").isEqualTo((byte) 0x82);
	}

}
