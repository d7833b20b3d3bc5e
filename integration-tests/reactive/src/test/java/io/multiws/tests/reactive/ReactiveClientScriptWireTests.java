package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractClientScriptWireTests;

/**
 * The browser client served on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveClientScriptWireTests extends AbstractClientScriptWireTests {

}
