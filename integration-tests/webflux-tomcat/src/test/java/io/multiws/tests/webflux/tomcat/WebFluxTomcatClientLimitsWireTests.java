package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractClientLimitsWireTests;

/**
 * The client-limits suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatClientLimitsWireTests extends AbstractClientLimitsWireTests {

}
