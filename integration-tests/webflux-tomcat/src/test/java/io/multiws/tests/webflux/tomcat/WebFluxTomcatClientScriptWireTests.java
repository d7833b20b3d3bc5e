package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractClientScriptWireTests;

/**
 * The browser client served on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatClientScriptWireTests extends AbstractClientScriptWireTests {

}
