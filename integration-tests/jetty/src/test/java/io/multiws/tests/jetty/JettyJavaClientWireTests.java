package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractJavaClientWireTests;

/**
 * The Java client on Jetty.
 *
 * @author multi-ws team
 */
class JettyJavaClientWireTests extends AbstractJavaClientWireTests {

}
