package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractCoreWireTests;

/**
 * The core wire-level suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatCoreWireTests extends AbstractCoreWireTests {

}
