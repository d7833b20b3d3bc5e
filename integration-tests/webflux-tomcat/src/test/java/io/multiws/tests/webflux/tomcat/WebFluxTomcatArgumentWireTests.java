package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractArgumentWireTests;

/**
 * The argument suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatArgumentWireTests extends AbstractArgumentWireTests {

}
