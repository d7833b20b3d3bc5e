package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractShutdownWireTests;

/**
 * The shutdown suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyShutdownWireTests extends AbstractShutdownWireTests {

}
