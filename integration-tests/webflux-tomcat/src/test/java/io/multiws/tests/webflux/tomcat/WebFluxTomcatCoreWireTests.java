package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractCoreWireTests;

/**
 * The core suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatCoreWireTests extends AbstractCoreWireTests {

}
