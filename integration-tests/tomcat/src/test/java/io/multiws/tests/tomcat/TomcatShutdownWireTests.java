package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractShutdownWireTests;

/**
 * The shutdown suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatShutdownWireTests extends AbstractShutdownWireTests {

}
