package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractCompressionWireTests;

/**
 * The compression suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyCompressionWireTests extends AbstractCompressionWireTests {

}
