package io.multiws.tests.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;

/**
 * The endpoints of the admission suites.
 *
 * @author multi-ws team
 */
public final class AdmissionEndpoints {

	/**
	 * Counted down when a handshake reaches the halting endpoint's hook.
	 */
	public static volatile CountDownLatch entered = new CountDownLatch(1);

	/**
	 * What the halting endpoint's hook waits for.
	 */
	public static volatile CountDownLatch release = new CountDownLatch(1);

	private AdmissionEndpoints() {
	}

	/**
	 * An echo whose handshake hook waits until a test releases it, so that the client can
	 * go away in the middle of a handshake.
	 */
	@WsEndpoint(name = "halting", paths = "/halting/{room}")
	public static class Halting {

		@OnHandshake
		void stall() throws InterruptedException {
			entered.countDown();
			release.await(10, TimeUnit.SECONDS);
		}

		@OnMessage
		String echo(String text) {
			return text;
		}

	}

}
