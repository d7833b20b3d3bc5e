package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractClientScriptWireTests;

/**
 * The browser client served on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatClientScriptWireTests extends AbstractClientScriptWireTests {

}
