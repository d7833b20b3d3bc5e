package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractBurstWireTests;

/**
 * The burst suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatBurstWireTests extends AbstractBurstWireTests {

}
