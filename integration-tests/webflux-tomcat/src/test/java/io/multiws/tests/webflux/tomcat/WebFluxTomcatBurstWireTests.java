package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractBurstWireTests;

/**
 * The burst suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatBurstWireTests extends AbstractBurstWireTests {

}
