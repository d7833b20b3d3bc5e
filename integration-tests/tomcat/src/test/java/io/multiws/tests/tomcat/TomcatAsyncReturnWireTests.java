package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractAsyncReturnWireTests;

/**
 * Asynchronous return values on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatAsyncReturnWireTests extends AbstractAsyncReturnWireTests {

}
