package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractJavaClientWireTests;

/**
 * The Java client on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatJavaClientWireTests extends AbstractJavaClientWireTests {

}
