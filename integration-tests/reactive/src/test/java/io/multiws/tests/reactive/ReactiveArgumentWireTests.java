package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractArgumentWireTests;

/**
 * The argument suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveArgumentWireTests extends AbstractArgumentWireTests {

}
