package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractHandshakeOutcomeWireTests;

/**
 * The handshake-outcome suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatHandshakeOutcomeWireTests extends AbstractHandshakeOutcomeWireTests {

}
