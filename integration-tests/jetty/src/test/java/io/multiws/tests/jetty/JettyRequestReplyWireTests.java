package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractRequestReplyWireTests;

/**
 * Requests and replies on Jetty.
 *
 * @author multi-ws team
 */
class JettyRequestReplyWireTests extends AbstractRequestReplyWireTests {

}
