package io.multiws.tests.reactive;

import io.multiws.tests.attack.AbstractHistoryMemoryAttackWireTests;

/**
 * The history memory attack on Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveHistoryMemoryAttackWireTests extends AbstractHistoryMemoryAttackWireTests {

}
