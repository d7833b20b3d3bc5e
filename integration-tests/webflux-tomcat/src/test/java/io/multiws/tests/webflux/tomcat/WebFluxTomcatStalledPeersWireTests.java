package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractStalledPeersWireTests;

import org.springframework.test.context.TestPropertySource;

/**
 * The stalled-peers suite on Spring WebFlux served by Tomcat, with fewer threads than
 * stalled peers (Tomcat's and the callback pool's).
 *
 * @author multi-ws team
 */
@TestPropertySource(properties = { "server.tomcat.threads.max=4", "multi-ws.reactive.callback-threads=4" })
class WebFluxTomcatStalledPeersWireTests extends AbstractStalledPeersWireTests {

}
