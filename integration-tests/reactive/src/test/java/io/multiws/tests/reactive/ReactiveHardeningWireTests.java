package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractHardeningWireTests;

/**
 * The hardening suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveHardeningWireTests extends AbstractHardeningWireTests {

}
