package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractStalledPeersWireTests;

import org.springframework.test.context.TestPropertySource;

/**
 * The stalled-peers suite on Tomcat, with fewer threads than stalled peers.
 *
 * @author multi-ws team
 */
@TestPropertySource(properties = "server.tomcat.threads.max=4")
class TomcatStalledPeersWireTests extends AbstractStalledPeersWireTests {

}
