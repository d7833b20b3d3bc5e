package io.multiws.tests.tomcat;

import io.multiws.tests.attack.AbstractClientIdentityAttackWireTests;

/**
 * The client identity attacks on Spring MVC and Tomcat.
 *
 * @author multi-ws team
 */
class TomcatClientIdentityAttackWireTests extends AbstractClientIdentityAttackWireTests {

}
