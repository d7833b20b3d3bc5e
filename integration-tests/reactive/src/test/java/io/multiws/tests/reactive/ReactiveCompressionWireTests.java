package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractCompressionWireTests;

/**
 * The compression suite on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveCompressionWireTests extends AbstractCompressionWireTests {

}
