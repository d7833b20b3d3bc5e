package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyConformanceWireTests extends AbstractConformanceWireTests {

}
