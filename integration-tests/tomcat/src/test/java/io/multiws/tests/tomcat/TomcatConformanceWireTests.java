package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractConformanceWireTests;

/**
 * The RFC 6455 conformance suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatConformanceWireTests extends AbstractConformanceWireTests {

}
