package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatConformanceWireTests extends AbstractConformanceWireTests {

}
