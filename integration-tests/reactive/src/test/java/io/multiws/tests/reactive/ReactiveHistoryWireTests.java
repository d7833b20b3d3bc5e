package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractHistoryWireTests;

/**
 * The history, presence and targeted-send suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveHistoryWireTests extends AbstractHistoryWireTests {

}
