package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractLivenessWireTests;

/**
 * The liveness suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatLivenessWireTests extends AbstractLivenessWireTests {

}
