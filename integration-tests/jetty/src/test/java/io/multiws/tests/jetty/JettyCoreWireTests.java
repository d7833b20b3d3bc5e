package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractCoreWireTests;

/**
 * The core wire-level suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyCoreWireTests extends AbstractCoreWireTests {

}
