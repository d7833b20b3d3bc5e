package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractShutdownWireTests;

/**
 * The shutdown suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveShutdownWireTests extends AbstractShutdownWireTests {

}
