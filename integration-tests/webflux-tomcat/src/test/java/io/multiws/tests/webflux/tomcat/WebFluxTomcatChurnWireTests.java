package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractChurnWireTests;

/**
 * The churn suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatChurnWireTests extends AbstractChurnWireTests {

}
