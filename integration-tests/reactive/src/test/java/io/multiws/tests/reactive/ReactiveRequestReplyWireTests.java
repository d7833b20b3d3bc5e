package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractRequestReplyWireTests;

/**
 * Requests and replies on Spring WebFlux and Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveRequestReplyWireTests extends AbstractRequestReplyWireTests {

}
