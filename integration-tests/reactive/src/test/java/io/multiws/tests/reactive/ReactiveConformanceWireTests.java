package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractConformanceWireTests;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 6455 conformance suite on Spring WebFlux and Reactor Netty, where the frame
 * decoder also refuses a frame from its header alone: Tomcat and Jetty apply the limit
 * as the payload arrives.
 *
 * @author multi-ws team
 */
class ReactiveConformanceWireTests extends AbstractConformanceWireTests {

	@Test
	void aFrameAnnouncingFarMoreThanTheLimitClosesWith1009AtOnce() throws Exception {
		assertThat(closeCodeAfter(RawWsClient.frameHeader(TEXT, 1L << 62))).isEqualTo(1009);
	}

	@Test
	void aFrameAnnouncingJustOverTheLimitClosesWith1009BeforeItsPayload() throws Exception {
		assertThat(closeCodeAfter(RawWsClient.frameHeader(BINARY, 1025))).isEqualTo(1009);
	}

}
