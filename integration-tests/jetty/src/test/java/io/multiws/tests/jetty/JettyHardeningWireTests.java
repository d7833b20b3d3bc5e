package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractHardeningWireTests;

/**
 * The hardening suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyHardeningWireTests extends AbstractHardeningWireTests {

}
