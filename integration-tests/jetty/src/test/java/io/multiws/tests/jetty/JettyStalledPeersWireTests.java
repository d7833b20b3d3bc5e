package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractStalledPeersWireTests;

import org.springframework.test.context.TestPropertySource;

/**
 * The stalled-peers suite on Jetty, with fewer threads than stalled peers.
 *
 * @author multi-ws team
 */
@TestPropertySource(properties = "server.jetty.threads.max=12")
class JettyStalledPeersWireTests extends AbstractStalledPeersWireTests {

}
