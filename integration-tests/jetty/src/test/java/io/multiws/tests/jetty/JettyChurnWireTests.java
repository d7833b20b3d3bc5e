package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractChurnWireTests;

/**
 * The churn suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyChurnWireTests extends AbstractChurnWireTests {

}
