package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractJavaClientWireTests;

/**
 * The Java client on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatJavaClientWireTests extends AbstractJavaClientWireTests {

}
