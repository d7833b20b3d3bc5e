package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractLivenessWireTests;

/**
 * The liveness suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatLivenessWireTests extends AbstractLivenessWireTests {

}
