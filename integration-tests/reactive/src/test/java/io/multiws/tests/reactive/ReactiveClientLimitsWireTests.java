package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractClientLimitsWireTests;

/**
 * The per-client limits suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveClientLimitsWireTests extends AbstractClientLimitsWireTests {

}
