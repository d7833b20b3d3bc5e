package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractAsyncReturnWireTests;

/**
 * The async-return suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatAsyncReturnWireTests extends AbstractAsyncReturnWireTests {

}
