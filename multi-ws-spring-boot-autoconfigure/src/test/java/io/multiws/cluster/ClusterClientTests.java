package io.multiws.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterClient}.
 *
 * @author multi-ws team
 */
class ClusterClientTests {

	@Test
	void readsTheMajorVersionOfInfoServer() {
		assertThat(ClusterClient.majorVersion("# Server\r\nredis_version:7.0.15\r\nredis_mode:cluster\r\n")).isEqualTo(7);
		assertThat(ClusterClient.majorVersion("# Server\nredis_version:6.2.14\n")).isEqualTo(6);
		assertThat(ClusterClient.majorVersion("# Server\r\nredis_version:10.0\r\n")).isEqualTo(10);
	}

	@Test
	void takesAnUnreadableVersionAsTooOld() {
		assertThat(ClusterClient.majorVersion("# Server\r\nredis_mode:cluster\r\n")).isZero();
		assertThat(ClusterClient.majorVersion("redis_version:x.y\r\n")).isZero();
	}

}
