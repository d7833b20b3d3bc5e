package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractContainerOptimizationsOffWireTests;

/**
 * The container-optimizations-off suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatContainerOptimizationsOffWireTests extends AbstractContainerOptimizationsOffWireTests {

	@Override
	protected String stack() {
		return "Spring MVC on Tomcat";
	}

}
