package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractContainerOptimizationsOffWireTests;

/**
 * The container-optimizations-off suite on Spring WebFlux on Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveContainerOptimizationsOffWireTests extends AbstractContainerOptimizationsOffWireTests {

	@Override
	protected String stack() {
		return "Spring WebFlux on Reactor Netty";
	}

}
