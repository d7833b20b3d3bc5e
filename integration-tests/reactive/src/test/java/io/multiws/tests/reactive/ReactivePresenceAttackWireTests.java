package io.multiws.tests.reactive;

import io.multiws.tests.attack.AbstractPresenceAttackWireTests;

/**
 * The presence crowd on Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactivePresenceAttackWireTests extends AbstractPresenceAttackWireTests {

}
