package io.multiws.tests.jetty;

import io.multiws.tests.attack.AbstractHistoryMemoryAttackWireTests;

/**
 * The history memory attack on Jetty.
 *
 * @author multi-ws team
 */
class JettyHistoryMemoryAttackWireTests extends AbstractHistoryMemoryAttackWireTests {

}
