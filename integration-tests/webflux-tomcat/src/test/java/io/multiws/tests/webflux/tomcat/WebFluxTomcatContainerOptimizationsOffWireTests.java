package io.multiws.tests.webflux.tomcat;

import io.multiws.tests.support.AbstractContainerOptimizationsOffWireTests;

/**
 * The container-optimizations-off suite on Spring WebFlux served by Tomcat.
 *
 * @author multi-ws team
 */
class WebFluxTomcatContainerOptimizationsOffWireTests extends AbstractContainerOptimizationsOffWireTests {

	@Override
	protected String stack() {
		return "Spring WebFlux on Tomcat";
	}

}
