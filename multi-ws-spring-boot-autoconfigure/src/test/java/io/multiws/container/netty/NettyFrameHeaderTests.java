package io.multiws.container.netty;

import java.nio.ByteBuffer;

import io.multiws.hub.internal.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the frame header {@link NettyWsTransport} writes into the channel's buffers:
 * byte for byte the header of the shared frame the servlet transports write.
 *
 * @author multi-ws team
 */
class NettyFrameHeaderTests {

	@ParameterizedTest
	@CsvSource({ "true, 0", "true, 125", "true, 126", "true, 65535", "true, 65536", "false, 125", "false, 126",
			"false, 65535", "false, 65536" })
	void theHeaderInANettyBufferIsTheHeaderInAByteBuffer(boolean text, int payloadLength) {
		ByteBuf buffer = Unpooled.buffer(16);
		try {
			FrameHeader.write(buffer, NettyWsTransport.BYTE_BUF, text, payloadLength);
			ByteBuffer expected = FrameHeader.write(ByteBuffer.allocate(16), FrameHeader.BYTE_BUFFER, text,
					payloadLength)
				.flip();
			assertThat(buffer.readableBytes()).isEqualTo(FrameHeader.length(payloadLength));
			assertThat(ByteBufUtil.getBytes(buffer)).isEqualTo(toArray(expected));
		}
		finally {
			buffer.release();
		}
	}

	private static byte[] toArray(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
