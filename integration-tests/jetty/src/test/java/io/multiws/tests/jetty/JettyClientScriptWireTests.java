package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractClientScriptWireTests;

/**
 * The browser client served on Jetty.
 *
 * @author multi-ws team
 */
class JettyClientScriptWireTests extends AbstractClientScriptWireTests {

}
