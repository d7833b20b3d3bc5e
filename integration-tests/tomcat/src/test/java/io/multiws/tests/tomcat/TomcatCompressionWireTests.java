package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractCompressionWireTests;

/**
 * The compression suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatCompressionWireTests extends AbstractCompressionWireTests {

}
