package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractJavaClientWireTests;

/**
 * The Java client on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveJavaClientWireTests extends AbstractJavaClientWireTests {

}
