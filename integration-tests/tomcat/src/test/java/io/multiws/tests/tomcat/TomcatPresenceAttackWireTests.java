package io.multiws.tests.tomcat;

import io.multiws.tests.attack.AbstractPresenceAttackWireTests;

/**
 * The presence crowd on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatPresenceAttackWireTests extends AbstractPresenceAttackWireTests {

}
