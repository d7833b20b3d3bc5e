package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractFloodWireTests;

/**
 * The flood suite on Tomcat, whose {@code server.tomcat.max-connections} the suite
 * lowers.
 *
 * @author multi-ws team
 */
class TomcatFloodWireTests extends AbstractFloodWireTests {

}
