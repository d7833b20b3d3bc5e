package io.multiws.tests.jetty;

import io.multiws.tests.attack.AbstractClientIdentityAttackWireTests;

/**
 * The client identity attacks on Spring MVC and Jetty.
 *
 * @author multi-ws team
 */
class JettyClientIdentityAttackWireTests extends AbstractClientIdentityAttackWireTests {

}
