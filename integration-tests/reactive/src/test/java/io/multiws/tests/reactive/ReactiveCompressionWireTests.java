package io.multiws.tests.reactive;

import java.nio.charset.StandardCharsets;

import io.multiws.tests.support.AbstractCompressionWireTests;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compression suite on Spring WebFlux and Reactor Netty, whose own inflater has no
 * bound: multi-ws replaces it with one that stops at the message size limit.
 *
 * @author multi-ws team
 */
class ReactiveCompressionWireTests extends AbstractCompressionWireTests {

	@Test
	void inflationStopsAtTheLimitInsteadOfInflatingTheWholeFrame() throws Exception {
		try (RawWsClient client = RawWsClient.request(this.port, "GET /sized/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ RawWsClient.newKey() + "\r\nSec-WebSocket-Extensions: permessage-deflate")) {
			assertThat(client.status()).isEqualTo(101);
			byte[] compressed = RawWsClient.deflate("x".repeat(1_000_000).getBytes(StandardCharsets.UTF_8));
			client.write(RawWsClient.frame(true, 4, 0x1, compressed, true));
			assertThat(client.readCloseCode()).isEqualTo(1009);
			assertThat(client.closeReason()).isEqualTo("Message inflates past the size limit");
		}
	}

}
