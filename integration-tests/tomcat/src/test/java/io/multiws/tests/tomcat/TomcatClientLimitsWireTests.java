package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractClientLimitsWireTests;

/**
 * The per-client limits suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatClientLimitsWireTests extends AbstractClientLimitsWireTests {

}
