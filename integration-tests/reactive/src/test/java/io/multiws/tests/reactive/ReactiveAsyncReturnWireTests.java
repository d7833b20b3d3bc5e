package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractAsyncReturnWireTests;

/**
 * Asynchronous return values on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveAsyncReturnWireTests extends AbstractAsyncReturnWireTests {

}
