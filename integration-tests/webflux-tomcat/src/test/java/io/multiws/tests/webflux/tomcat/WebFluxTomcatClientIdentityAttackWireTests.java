package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.attack.AbstractClientIdentityAttackWireTests;

/**
 * The client identity attacks on Spring WebFlux and Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatClientIdentityAttackWireTests extends AbstractClientIdentityAttackWireTests {

}
