package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractHandshakeOutcomeWireTests;

/**
 * The handshake-outcome suite on Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveHandshakeOutcomeWireTests extends AbstractHandshakeOutcomeWireTests {

}
