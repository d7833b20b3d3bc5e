package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractBurstWireTests;

/**
 * The burst suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveBurstWireTests extends AbstractBurstWireTests {

}
