package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractDroppedPeersWireTests;

/**
 * The dropped-peers suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatDroppedPeersWireTests extends AbstractDroppedPeersWireTests {

}
