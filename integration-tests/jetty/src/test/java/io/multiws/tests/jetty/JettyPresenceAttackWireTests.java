package io.multiws.tests.jetty;

import io.multiws.tests.attack.AbstractPresenceAttackWireTests;

/**
 * The presence crowd on Jetty.
 *
 * @author multi-ws team
 */
class JettyPresenceAttackWireTests extends AbstractPresenceAttackWireTests {

}
