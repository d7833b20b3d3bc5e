package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractUtf8SizeWireTests;

/**
 * The UTF-8 size suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatUtf8SizeWireTests extends AbstractUtf8SizeWireTests {

}
