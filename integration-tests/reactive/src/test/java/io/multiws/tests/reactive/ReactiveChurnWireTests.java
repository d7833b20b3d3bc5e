package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractChurnWireTests;

/**
 * The churn suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveChurnWireTests extends AbstractChurnWireTests {

}
