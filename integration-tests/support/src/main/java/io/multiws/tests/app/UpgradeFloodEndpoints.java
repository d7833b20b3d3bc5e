package io.multiws.tests.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;

/**
 * The endpoint of the upgrade flood suite.
 *
 * @author multi-ws team
 */
public final class UpgradeFloodEndpoints {

	/**
	 * What the hook of {@link SlowHandshake} waits for; a test replaces it before use.
	 */
	public static volatile CountDownLatch release = new CountDownLatch(0);

	private UpgradeFloodEndpoints() {
	}

	/**
	 * An echo whose handshake hook blocks, as one that asks a database would, until a
	 * test releases it: on WebFlux it runs on the callback pool.
	 */
	@WsEndpoint(name = "slow-handshake", paths = "/slow-handshake/{room}")
	public static class SlowHandshake {

		@OnHandshake
		void check() throws InterruptedException {
			release.await(30, TimeUnit.SECONDS);
		}

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
