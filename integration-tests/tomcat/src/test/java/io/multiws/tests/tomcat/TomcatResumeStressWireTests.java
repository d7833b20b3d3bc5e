package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractResumeStressWireTests;

/**
 * Hundreds of reconnects into busy rooms on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatResumeStressWireTests extends AbstractResumeStressWireTests {

}
