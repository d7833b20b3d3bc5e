package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractFailedWriteWireTests;

/**
 * The failed-write suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatFailedWriteWireTests extends AbstractFailedWriteWireTests {

}
