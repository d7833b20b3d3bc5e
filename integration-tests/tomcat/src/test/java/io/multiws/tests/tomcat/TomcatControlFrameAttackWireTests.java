package io.multiws.tests.tomcat;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

}
