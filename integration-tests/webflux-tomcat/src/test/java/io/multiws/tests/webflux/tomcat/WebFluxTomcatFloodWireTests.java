package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractFloodWireTests;

/**
 * The flood suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatFloodWireTests extends AbstractFloodWireTests {

}
