package io.multiws.test;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link WsTestClient.ConnectionSpec#open()} when the server refuses the
 * upgrade with an HTTP status: the Java client's exception of the same name, which the
 * test client's connections raise, under the name the test starter gave it first.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
// The same simple name as its superclass, which therefore cannot be imported here
public class WsHandshakeRefusedException extends io.multiws.javaclient.WsHandshakeRefusedException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param uri the URI of the handshake
	 * @param status the HTTP status of the refusal
	 * @param body the body of the refusal
	 */
	public WsHandshakeRefusedException(URI uri, int status, String body) {
		super(uri, status, body);
	}

	/**
	 * Return the test starter's exception for a failure of the Java client.
	 * @param failure why the client could not connect
	 * @return the exception if the failure is a refused handshake, else {@code null}
	 */
	static @Nullable WsHandshakeRefusedException of(Throwable failure) {
		if (failure instanceof io.multiws.javaclient.WsHandshakeRefusedException refused) {
			return new WsHandshakeRefusedException(refused.getUri(), refused.getStatus(), refused.getBody());
		}
		return null;
	}

}
