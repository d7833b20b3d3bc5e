package io.multiws.tests.reactive;

import io.multiws.tests.attack.AbstractClientIdentityAttackWireTests;

/**
 * The client identity attacks on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveClientIdentityAttackWireTests extends AbstractClientIdentityAttackWireTests {

}
