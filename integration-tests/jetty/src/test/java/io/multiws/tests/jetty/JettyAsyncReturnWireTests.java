package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractAsyncReturnWireTests;

/**
 * Asynchronous return values on Jetty.
 *
 * @author multi-ws team
 */
class JettyAsyncReturnWireTests extends AbstractAsyncReturnWireTests {

}
