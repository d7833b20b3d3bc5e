package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractDroppedPeersWireTests;

/**
 * The dropped-peers suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyDroppedPeersWireTests extends AbstractDroppedPeersWireTests {

}
