package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractUtf8SizeWireTests;

/**
 * The UTF-8 size suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyUtf8SizeWireTests extends AbstractUtf8SizeWireTests {

}
