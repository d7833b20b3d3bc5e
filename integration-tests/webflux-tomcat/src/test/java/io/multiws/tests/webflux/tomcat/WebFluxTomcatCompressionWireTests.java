package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractCompressionWireTests;

/**
 * The compression suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatCompressionWireTests extends AbstractCompressionWireTests {

}
