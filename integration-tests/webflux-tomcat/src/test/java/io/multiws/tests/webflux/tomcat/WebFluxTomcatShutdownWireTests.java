package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractShutdownWireTests;

/**
 * The shutdown suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatShutdownWireTests extends AbstractShutdownWireTests {

}
