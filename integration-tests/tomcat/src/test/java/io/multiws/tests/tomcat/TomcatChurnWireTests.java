package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractChurnWireTests;

/**
 * The churn suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatChurnWireTests extends AbstractChurnWireTests {

}
