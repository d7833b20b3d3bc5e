package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractFailedWriteWireTests;

/**
 * The failed-write suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatFailedWriteWireTests extends AbstractFailedWriteWireTests {

}
