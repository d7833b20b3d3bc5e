package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractArgumentWireTests;

/**
 * The argument suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyArgumentWireTests extends AbstractArgumentWireTests {

}
