package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractLivenessWireTests;

/**
 * The liveness suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveLivenessWireTests extends AbstractLivenessWireTests {

}
