package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractHandshakeOutcomeWireTests;
import io.multiws.tests.support.RawWsClient;

/**
 * The handshake-outcome suite on Jetty, whose upgrade that fails after the checks is an
 * HTTP/1.0 request: Spring's handshake handler lets it through and Jetty's own upgrade
 * declines it (RFC 6455 wants HTTP/1.1), which left an empty 200 recorded as 101.
 *
 * @author multi-ws team
 */
class JettyHandshakeOutcomeWireTests extends AbstractHandshakeOutcomeWireTests {

	@Override
	protected String upgradeThatFailsAfterTheChecks(String path, int port) {
		return "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: " + RawWsClient.newKey();
	}

}
