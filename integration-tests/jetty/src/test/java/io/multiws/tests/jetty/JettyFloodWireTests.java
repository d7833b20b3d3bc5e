package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractFloodWireTests;

/**
 * The flood suite on Jetty, whose {@code server.jetty.max-connections} the suite lowers.
 *
 * @author multi-ws team
 */
class JettyFloodWireTests extends AbstractFloodWireTests {

}
