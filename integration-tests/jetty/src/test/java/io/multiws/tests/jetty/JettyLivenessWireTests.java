package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractLivenessWireTests;

/**
 * The liveness suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyLivenessWireTests extends AbstractLivenessWireTests {

}
