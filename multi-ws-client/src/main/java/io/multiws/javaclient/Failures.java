package io.multiws.javaclient;

import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * The reason text of a {@link WsClient}'s failures, as its listener hears it for a lost
 * connection and as the server reads it in an error reply.
 *
 * @author multi-ws team
 */
final class Failures {

	private Failures() {
	}

	/**
	 * Return the reason of a failure: its message, with its cause's when it has one.
	 * @param ex the failure, perhaps wrapped by a future
	 * @return the reason
	 */
	static String reason(Throwable ex) {
		Throwable cause = unwrap(ex);
		String reason = Objects.toString(cause.getMessage(), cause.getClass().getSimpleName());
		// The JDK reports a protocol failure as a ProtocolException whose cause says what
		Throwable detail = cause.getCause();
		return (detail != null && detail.getMessage() != null) ? reason + ": " + detail.getMessage() : reason;
	}

	/**
	 * Return the failure that a future's {@link CompletionException} wraps.
	 * @param ex the failure
	 * @return what it wraps, or itself
	 */
	static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

}
