package io.multiws.tests.jetty;

import io.multiws.tests.attack.AbstractControlFrameAttackWireTests;

/**
 * The control-frame attack suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyControlFrameAttackWireTests extends AbstractControlFrameAttackWireTests {

}
