package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractHistoryWireTests;

/**
 * The history and presence suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatHistoryWireTests extends AbstractHistoryWireTests {

}
