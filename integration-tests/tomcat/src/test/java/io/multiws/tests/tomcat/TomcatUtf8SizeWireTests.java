package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractUtf8SizeWireTests;

/**
 * The UTF-8 size suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatUtf8SizeWireTests extends AbstractUtf8SizeWireTests {

}
