package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractDroppedPeersWireTests;

/**
 * The dropped-peers suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatDroppedPeersWireTests extends AbstractDroppedPeersWireTests {

}
