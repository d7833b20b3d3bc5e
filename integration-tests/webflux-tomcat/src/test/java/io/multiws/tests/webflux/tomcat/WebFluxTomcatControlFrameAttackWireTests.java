package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

}
