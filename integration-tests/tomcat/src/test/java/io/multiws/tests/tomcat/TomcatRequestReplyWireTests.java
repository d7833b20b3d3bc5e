package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractRequestReplyWireTests;

/**
 * Requests and replies on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatRequestReplyWireTests extends AbstractRequestReplyWireTests {

}
