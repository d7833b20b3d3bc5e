package io.multiws.tests.tomcat;

import io.multiws.tests.attack.AbstractHistoryMemoryAttackWireTests;

/**
 * The history memory attack on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatHistoryMemoryAttackWireTests extends AbstractHistoryMemoryAttackWireTests {

}
