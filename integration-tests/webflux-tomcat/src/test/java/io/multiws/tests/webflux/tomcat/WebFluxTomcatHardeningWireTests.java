package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractHardeningWireTests;

/**
 * The hardening suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatHardeningWireTests extends AbstractHardeningWireTests {

}
