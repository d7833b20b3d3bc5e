package io.multiws.tests.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A test observation registry with a tracer, and two endpoints that answer each message
 * with what their callback sees, the current observation and the current span:
 * {@code observed}, whose messages the tests observe, and {@code unobserved}, left to the
 * default.
 *
 * @author multi-ws team
 */
@TestConfiguration(proxyBeanMethods = false)
class ObservedEndpointConfiguration {

	@Bean
	SimpleTracer tracer() {
		return new SimpleTracer();
	}

	@Bean
	TestObservationRegistry observationRegistry(SimpleTracer tracer) {
		TestObservationRegistry registry = TestObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return registry;
	}

	@WsEndpoint(name = "observed", paths = "/observed/{room}")
	static class Observed extends Reporting {

		Observed(ObservationRegistry registry, SimpleTracer tracer) {
			super(registry, tracer);
		}

	}

	@WsEndpoint(name = "unobserved", paths = "/unobserved/{room}")
	static class Unobserved extends Reporting {

		Unobserved(ObservationRegistry registry, SimpleTracer tracer) {
			super(registry, tracer);
		}

	}

	abstract static class Reporting {

		private final ObservationRegistry registry;

		private final SimpleTracer tracer;

		Reporting(ObservationRegistry registry, SimpleTracer tracer) {
			this.registry = registry;
			this.tracer = tracer;
		}

		@OnMessage
		String onMessage(String text) {
			if (text.equals("fail")) {
				throw new IllegalStateException("boom in an observed callback");
			}
			Observation current = this.registry.getCurrentObservation();
			Span span = this.tracer.currentSpan();
			String observation = (current != null) ? current.getContext().getName() + " "
					+ current.getContext().getLowCardinalityKeyValue("template").getValue() + " "
					+ current.getContext().getHighCardinalityKeyValue("path").getValue() : "none";
			return observation + " trace=" + ((span != null) ? span.context().traceId() : "none");
		}

	}

}
