package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.attack.AbstractUpgradeFloodAttackWireTests;

/**
 * The upgrade flood against a blocking {@code @OnHandshake} on Spring WebFlux and Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatUpgradeFloodAttackWireTests extends AbstractUpgradeFloodAttackWireTests {

}
