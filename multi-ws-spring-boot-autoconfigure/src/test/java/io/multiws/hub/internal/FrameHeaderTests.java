package io.multiws.hub.internal;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameHeader}, on the edges of RFC 6455's three length encodings.
 *
 * @author multi-ws team
 */
class FrameHeaderTests {

	@ParameterizedTest
	@CsvSource({ "0, 8100", "125, 817d", "126, 817e007e", "65535, 817effff", "65536, 817f0000000000010000",
			"2147483647, 817f000000007fffffff" })
	void aTextHeaderHasTheShortestLengthEncoding(int payloadLength, String header) {
		assertThat(header(true, payloadLength)).isEqualTo(header);
		assertThat(FrameHeader.length(payloadLength)).isEqualTo(header.length() / 2);
	}

	@ParameterizedTest
	@CsvSource({ "1, 8201", "125, 827d", "126, 827e007e", "65535, 827effff", "65536, 827f0000000000010000" })
	void aBinaryHeaderHasTheBinaryOpcode(int payloadLength, String header) {
		assertThat(header(false, payloadLength)).isEqualTo(header);
	}

	@ParameterizedTest
	@CsvSource({ "125", "126", "65535", "65536" })
	void aFrameIsTheHeaderFollowedByThePayload(int payloadLength) {
		byte[] payload = new byte[payloadLength];
		payload[payloadLength - 1] = 42;
		ByteBuffer frame = FrameHeader.frame(false, payload);
		assertThat(frame.position()).isZero();
		assertThat(frame.remaining()).isEqualTo(FrameHeader.length(payloadLength) + payloadLength);
		byte[] header = new byte[FrameHeader.length(payloadLength)];
		frame.get(header);
		assertThat(HexFormat.of().formatHex(header)).isEqualTo(header(false, payloadLength));
		byte[] rest = new byte[frame.remaining()];
		frame.get(rest);
		assertThat(rest).isEqualTo(payload);
	}

	private static String header(boolean text, int payloadLength) {
		ByteBuffer buffer = ByteBuffer.allocate(16);
		FrameHeader.write(buffer, FrameHeader.BYTE_BUFFER, text, payloadLength).flip();
		byte[] header = new byte[buffer.remaining()];
		buffer.get(header);
		return HexFormat.of().formatHex(header);
	}

}
