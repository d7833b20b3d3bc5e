package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractDroppedPeersWireTests;

/**
 * The dropped-peers suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveDroppedPeersWireTests extends AbstractDroppedPeersWireTests {

}
