package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractHardeningWireTests;

/**
 * The hardening suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatHardeningWireTests extends AbstractHardeningWireTests {

}
