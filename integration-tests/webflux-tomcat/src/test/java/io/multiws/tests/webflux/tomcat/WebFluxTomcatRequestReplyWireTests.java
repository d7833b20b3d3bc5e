package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractRequestReplyWireTests;

/**
 * Requests and replies on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatRequestReplyWireTests extends AbstractRequestReplyWireTests {

}
