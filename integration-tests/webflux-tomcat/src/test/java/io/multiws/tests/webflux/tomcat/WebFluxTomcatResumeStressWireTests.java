package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractResumeStressWireTests;

/**
 * Hundreds of reconnects into busy rooms on WebFlux and Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatResumeStressWireTests extends AbstractResumeStressWireTests {

}
