package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractClientLimitsWireTests;

/**
 * The per-client limits suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyClientLimitsWireTests extends AbstractClientLimitsWireTests {

}
