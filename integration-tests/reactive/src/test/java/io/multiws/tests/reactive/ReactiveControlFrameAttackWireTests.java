package io.multiws.tests.reactive;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

}
