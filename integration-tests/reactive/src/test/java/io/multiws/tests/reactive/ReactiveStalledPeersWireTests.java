package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractStalledPeersWireTests;

import org.springframework.test.context.TestPropertySource;

/**
 * The stalled-peers suite on Reactive, with fewer threads than stalled peers.
 *
 * @author multi-ws team
 */
@TestPropertySource(properties = "multi-ws.reactive.callback-threads=4")
class ReactiveStalledPeersWireTests extends AbstractStalledPeersWireTests {

}
