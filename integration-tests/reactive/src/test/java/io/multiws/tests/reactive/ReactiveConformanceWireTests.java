package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveConformanceWireTests extends AbstractConformanceWireTests {

}
