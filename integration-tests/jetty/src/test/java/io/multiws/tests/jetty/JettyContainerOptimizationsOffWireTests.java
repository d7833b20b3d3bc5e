package io.multiws.tests.jetty;

import io.multiws.tests.support.AbstractContainerOptimizationsOffWireTests;

/**
 * The container-optimizations-off suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyContainerOptimizationsOffWireTests extends AbstractContainerOptimizationsOffWireTests {

	@Override
	protected String stack() {
		return "Spring MVC on Jetty";
	}

}
