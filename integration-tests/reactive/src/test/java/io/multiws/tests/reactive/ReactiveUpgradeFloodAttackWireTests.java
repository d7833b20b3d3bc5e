package io.multiws.tests.reactive;

import io.multiws.tests.attack.AbstractUpgradeFloodAttackWireTests;

/**
 * The upgrade flood against a blocking {@code @OnHandshake} on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveUpgradeFloodAttackWireTests extends AbstractUpgradeFloodAttackWireTests {

}
