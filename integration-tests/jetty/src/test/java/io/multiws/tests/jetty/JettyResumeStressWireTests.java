package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractResumeStressWireTests;

/**
 * Hundreds of reconnects into busy rooms on Jetty.
 *
 * @author multi-ws team
 */
class JettyResumeStressWireTests extends AbstractResumeStressWireTests {

}
