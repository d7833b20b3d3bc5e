package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractHandshakeOutcomeWireTests;

/**
 * The handshake-outcome suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatHandshakeOutcomeWireTests extends AbstractHandshakeOutcomeWireTests {

}
