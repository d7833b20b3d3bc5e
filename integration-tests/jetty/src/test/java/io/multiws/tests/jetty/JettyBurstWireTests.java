package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractBurstWireTests;

/**
 * The burst suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyBurstWireTests extends AbstractBurstWireTests {

}
