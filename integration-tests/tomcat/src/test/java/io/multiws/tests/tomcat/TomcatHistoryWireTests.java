package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractHistoryWireTests;

/**
 * The history, presence and targeted-send suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatHistoryWireTests extends AbstractHistoryWireTests {

}
