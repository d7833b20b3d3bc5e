package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractCoreWireTests;

/**
 * The core wire-level suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveCoreWireTests extends AbstractCoreWireTests {

}
