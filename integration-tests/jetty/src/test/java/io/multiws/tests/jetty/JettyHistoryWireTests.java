package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractHistoryWireTests;

/**
 * The history, presence and targeted-send suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyHistoryWireTests extends AbstractHistoryWireTests {

}
