package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractArgumentWireTests;

/**
 * The argument suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatArgumentWireTests extends AbstractArgumentWireTests {

}
