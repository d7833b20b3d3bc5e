package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractFailedWriteWireTests;

/**
 * The failed-write suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveFailedWriteWireTests extends AbstractFailedWriteWireTests {

}
